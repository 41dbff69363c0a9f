#include "source/records/yaml_documents.hpp"

#include <yaml-cpp/eventhandler.h>

#include <sstream>

namespace oss::source {

namespace {

// Builds nothing; only notices a document that starts where the one before it started, which means the parser
// consumed nothing and would hand back the same empty document for ever.
class DocumentProgress final : public YAML::EventHandler {
 public:
  bool stuck() const { return stuck_; }
  const YAML::Mark& last_start() const { return last_start_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    stuck_ = started_ && mark.pos == last_start_.pos;
    started_ = true;
    last_start_ = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  bool started_ = false;
  bool stuck_ = false;
  YAML::Mark last_start_ = YAML::Mark::null_mark();
};

// The first pass: the whole text through the parser with the handler above. The nodes are built by a second pass
// (LoadAll) because yaml-cpp keeps its node builder private; record files are small, so reading twice is cheap.
void check_documents_advance(const std::string& text) {
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  DocumentProgress progress;
  while (parser.HandleNextDocument(progress))
    if (progress.stuck())
      throw YAML::ParserException(progress.last_start(), "unexpected character where a value should start");
}

}  // namespace

std::vector<YAML::Node> load_all_documents(const std::string& text) {
  check_documents_advance(text);
  return YAML::LoadAll(text);
}

}  // namespace oss::source
