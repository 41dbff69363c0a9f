#pragma once
// Where the CSV tokenizer gets its bytes: a file read in chunks, or text already in memory. One tokenizer
// serves both, so the benchmarks and fuzzers exercise the same code the daemon runs.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace oss::source {

class ByteReader {
 public:
  virtual ~ByteReader() = default;
  // Copies up to `capacity` bytes into `destination`; 0 means the end of the input.
  virtual std::size_t read(char* destination, std::size_t capacity) = 0;
  // The total size when known up front (a regular file, a buffer), so readers can reserve memory once.
  [[nodiscard]] virtual std::size_t size_hint() const { return 0; }
};

// Reads a file with read(2). Throws SourceFailure naming the file when it cannot be opened or read.
class FileByteReader final : public ByteReader {
 public:
  explicit FileByteReader(const std::filesystem::path& file);
  ~FileByteReader() override;
  FileByteReader(const FileByteReader&) = delete;
  FileByteReader& operator=(const FileByteReader&) = delete;
  std::size_t read(char* destination, std::size_t capacity) override;
  [[nodiscard]] std::size_t size_hint() const override { return size_; }

 private:
  std::string name_;
  int fd_ = -1;
  std::size_t size_ = 0;
};

class TextByteReader final : public ByteReader {
 public:
  explicit TextByteReader(std::string_view text) : rest_(text), size_(text.size()) {}
  std::size_t read(char* destination, std::size_t capacity) override;
  [[nodiscard]] std::size_t size_hint() const override { return size_; }

 private:
  std::string_view rest_;
  std::size_t size_;
};

}  // namespace oss::source
