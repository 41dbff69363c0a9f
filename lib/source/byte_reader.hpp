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
};

// Reads a file with read(2). Throws SourceFailure naming the file when it cannot be opened or read.
class FileByteReader final : public ByteReader {
 public:
  explicit FileByteReader(const std::filesystem::path& file);
  ~FileByteReader() override;
  FileByteReader(const FileByteReader&) = delete;
  FileByteReader& operator=(const FileByteReader&) = delete;
  std::size_t read(char* destination, std::size_t capacity) override;

 private:
  std::string name_;
  int fd_ = -1;
};

class TextByteReader final : public ByteReader {
 public:
  explicit TextByteReader(std::string_view text) : rest_(text) {}
  std::size_t read(char* destination, std::size_t capacity) override;

 private:
  std::string_view rest_;
};

}  // namespace oss::source
