// A QR code's modules for a short text (the otpauth:// URI a second factor is set up from),
// through libqrencode. The web console draws it as SVG squares, so no image format or inline
// style is needed (the console's CSP allows neither).
//
// Error policy: text too long for a QR code, or libqrencode failing, throws std::runtime_error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hm::console {

// One string per row, '1' for a dark module and '0' for a light one; square, without the quiet
// zone around it (the drawer adds one). Error correction level M, as authenticator set-up pages
// use.
std::vector<std::string> qr_rows(std::string_view text);

}  // namespace hm::console
