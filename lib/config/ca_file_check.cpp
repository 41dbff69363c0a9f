#include "config/ca_file_check.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace oss::config {

std::optional<std::string> ca_file_problem(const std::filesystem::path& file) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) return "no such file: " + file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) return "cannot read " + file.string() + ": " + std::strerror(errno);
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (content.find("-----BEGIN CERTIFICATE-----") == std::string::npos &&
      content.find("-----BEGIN TRUSTED CERTIFICATE-----") == std::string::npos)
    return file.string() + " holds no PEM certificate (no \"-----BEGIN CERTIFICATE-----\" line): give the CA "
           "certificate that signed the server's, in PEM";
  return std::nullopt;
}

}  // namespace oss::config
