#include "console/qr_code.hpp"

#include <qrencode.h>

#include <memory>
#include <stdexcept>

namespace hm::console {

std::vector<std::string> qr_rows(std::string_view text) {
  const std::string copy(text);  // libqrencode wants a NUL-terminated string
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString8bit(copy.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!code)
    throw std::runtime_error("cannot make a QR code of " + std::to_string(text.size()) + " bytes");
  const int width = code->width;
  std::vector<std::string> rows(std::size_t(width), std::string(std::size_t(width), '0'));
  for (int y = 0; y < width; ++y)
    for (int x = 0; x < width; ++x)
      if (code->data[y * width + x] & 1) rows[std::size_t(y)][std::size_t(x)] = '1';
  return rows;
}

}  // namespace hm::console
