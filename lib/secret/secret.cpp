#include "secret/secret.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <fcntl.h>
#include <openssl/crypto.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ostream>

#include "model/user.hpp"

namespace oss::secret {
namespace {

constexpr std::string_view kCredentialsVariable = "CREDENTIALS_DIRECTORY";
constexpr std::size_t kMaxKeyFileSize = 64 * 1024;  // a key is tens of bytes; more is the wrong file

// Wipes a buffer that held key material, including the capacity beyond its current size.
void cleanse(std::string& text) noexcept {
  text.resize(text.capacity());  // never reallocates: the new size is the capacity
  OPENSSL_cleanse(text.data(), text.size());
  text.clear();
}

}  // namespace

bool keep_secrets_out_of_core_dumps() noexcept {
  const struct rlimit no_core {0, 0};
  const bool limited = ::setrlimit(RLIMIT_CORE, &no_core) == 0;
  const bool undumpable = ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
  return limited && undumpable;
}

std::filesystem::path expand_credentials_directory(const std::filesystem::path& path, std::string_view key) {
  const std::string text = path.string();
  for (const std::string_view prefix : {"${CREDENTIALS_DIRECTORY}", "$CREDENTIALS_DIRECTORY"}) {
    if (!text.starts_with(prefix)) continue;
    const char* folder = std::getenv(std::string(kCredentialsVariable).c_str());
    if (folder == nullptr || *folder == '\0')
      throw SecretError(fmt::format("{} ({}) uses ${}, which is not set: run under systemd with "
                                    "LoadCredential=, or give a plain path",
                                    key, text, kCredentialsVariable));
    return std::filesystem::path(std::string(folder) + text.substr(prefix.size()));
  }
  return path;
}

std::string secret_file_origin(const std::filesystem::path& file, std::string_view key) {
  return fmt::format("the file {} ({})", file.string(), key);
}

namespace {

// Closes the descriptor on every path out of read_secret_file.
struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Secret::Secret(Secret&& other) noexcept : key_(std::move(other.key_)) { other.wipe(); }

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    wipe();
    key_ = std::move(other.key_);
    other.wipe();
  }
  return *this;
}

Secret::~Secret() { wipe(); }

void Secret::wipe() noexcept { cleanse(key_); }

std::ostream& operator<<(std::ostream& out, const Secret&) { return out << "***"; }

Secret read_secret_file(const std::filesystem::path& configured, std::string_view what, std::string_view key) {
  const std::filesystem::path file = expand_credentials_directory(configured, key);
  const std::string origin = secret_file_origin(file, key);
  // Mode and content come from the same descriptor, so the file checked is the file read.
  FileDescriptor descriptor{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
  if (descriptor.fd < 0) throw SecretError(fmt::format("cannot open {}: {}", origin, std::strerror(errno)));
  struct stat status {};
  if (::fstat(descriptor.fd, &status) != 0)
    throw SecretError(fmt::format("cannot inspect {}: {}", origin, std::strerror(errno)));
  if (!S_ISREG(status.st_mode)) throw SecretError(fmt::format("{} is not a regular file", origin));
  if ((status.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    spdlog::warn("{} file {} can be read or changed by group or others (mode {:03o}); restrict it with "
                 "`chmod 600 {}`",
                 what, file.string(), status.st_mode & 0777, file.string());
  // Its owner can replace the key at will. Root is fine: systemd's credentials and Docker's secrets are root's.
  if (status.st_uid != ::geteuid() && status.st_uid != 0)
    spdlog::warn("{} file {} belongs to uid {}, who can replace it; `chown` it to the user running the sync (uid {}) "
                 "or to root",
                 what, file.string(), status.st_uid, ::geteuid());

  std::string buffer(kMaxKeyFileSize + 1, '\0');
  std::size_t filled = 0;
  while (filled < buffer.size()) {
    const ssize_t count = ::read(descriptor.fd, buffer.data() + filled, buffer.size() - filled);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) {
      cleanse(buffer);
      throw SecretError(fmt::format("cannot read {}: {}", origin, std::strerror(errno)));
    }
    if (count == 0) break;
    filled += static_cast<std::size_t>(count);
  }
  if (filled > kMaxKeyFileSize) {
    cleanse(buffer);
    throw SecretError(fmt::format("{} is larger than {} bytes: not {}", origin, kMaxKeyFileSize, what));
  }
  Secret secret(std::string(model::trim(std::string_view(buffer.data(), filled))));
  cleanse(buffer);
  if (secret.reveal().empty()) throw SecretError(fmt::format("{} from {} is empty", what, origin));
  return secret;
}

}  // namespace oss::secret
