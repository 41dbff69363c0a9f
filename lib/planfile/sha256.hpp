#pragma once
// SHA-256 over bytes given piece by piece (OpenSSL's EVP interface), as lowercase hex.
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace oss::planfile {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  // The digest of everything given so far; the object is spent afterwards.
  std::string hex_digest();

 private:
  evp_md_ctx_st* context_;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace oss::planfile
