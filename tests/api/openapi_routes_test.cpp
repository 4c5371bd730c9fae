// docs/openapi.yaml and the server's routes describe the same API: the same paths and methods,
// a request body where (and of the kind) the route reads one, and `security: []` exactly on the
// public routes. The web app's types are generated from the document, so a route added or
// changed without it fails here. (@redocly/cli lints the document itself: openapi_lint.)

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "api/api_test_server.h"

namespace bi::testing {
namespace {

// What the test needs of one operation of the document.
struct Operation {
  bool is_public = false;        // `security: []`
  std::set<std::string> bodies;  // media types of the requestBody
  bool body_required = false;
};

size_t Indent(const std::string& line) {
  return line.find_first_not_of(' ');
}

// The key of a "key:" line (no value after the colon), unquoted; "" otherwise.
std::string BlockKey(const std::string& line, size_t indent) {
  std::string rest = line.substr(indent);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\r')) rest.pop_back();
  if (rest.size() < 2 || rest.back() != ':') return "";
  rest.pop_back();
  if (rest.size() >= 2 && (rest.front() == '\'' || rest.front() == '"')) {
    rest = rest.substr(1, rest.size() - 2);
  }
  return rest;
}

// Reads "METHOD /path" -> Operation from the `paths:` section. Not a YAML parser: it relies on
// the document's layout (two-space indents, block style for paths, operations and request
// bodies), which the lint keeps valid and this test keeps to that shape.
std::map<std::string, Operation> ReadOperations(const std::string& file) {
  std::ifstream in(file);
  EXPECT_TRUE(in) << "cannot read " << file;
  std::map<std::string, Operation> out;
  static const std::set<std::string> kMethods = {"get",   "put",     "post", "delete",
                                                 "patch", "options", "head", "trace"};
  bool in_paths = false, in_body = false, in_content = false;
  std::string path;
  Operation* op = nullptr;
  std::string line;
  while (std::getline(in, line)) {
    const size_t indent = Indent(line);
    if (indent == std::string::npos || line[indent] == '#') continue;
    if (indent == 0) {
      in_paths = line.rfind("paths:", 0) == 0;
      continue;
    }
    if (!in_paths) continue;
    const std::string key = BlockKey(line, indent);
    if (indent == 2) {
      path = key;
      op = nullptr;
    } else if (indent == 4) {
      std::string method = key;
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      op = kMethods.count(key) ? &out[method + " " + path] : nullptr;
      in_body = false;
    } else if (op && indent == 6) {
      in_body = key == "requestBody";
      in_content = false;
      if (line.substr(indent) == "security: []") op->is_public = true;
    } else if (op && in_body && indent == 8) {
      in_content = key == "content";
      if (line.substr(indent) == "required: true") op->body_required = true;
    } else if (op && in_body && in_content && indent == 10 && !key.empty()) {
      op->bodies.insert(key);
    }
  }
  return out;
}

const char* ExpectedBody(http::BodyKind kind) {
  switch (kind) {
    case http::BodyKind::kJson:
    case http::BodyKind::kOptionalJson:
      return "application/json";
    case http::BodyKind::kFile:
      return "multipart/form-data";
    case http::BodyKind::kNone:
      break;
  }
  return "";
}

class OpenApiRoutesTest : public ::testing::Test {
 protected:
  ApiTestServer api_;
  std::map<std::string, Operation> documented_ =
      ReadOperations(std::string(BI_SOURCE_DIR) + "/docs/openapi.yaml");
};

TEST_F(OpenApiRoutesTest, TheReaderFindsTheDocumentsOperations) {
  // Guards the line-based reader: if the layout changed, everything below would pass vacuously.
  ASSERT_GT(documented_.size(), 40u);
  ASSERT_TRUE(documented_.count("GET /api/health"));
  EXPECT_TRUE(documented_["GET /api/health"].is_public);
  EXPECT_EQ(documented_["POST /api/datasets"].bodies, std::set<std::string>{"multipart/form-data"});
  EXPECT_TRUE(documented_["PATCH /api/cards/{cardId}"].body_required);
}

TEST_F(OpenApiRoutesTest, RoutesAndDocumentListTheSameOperations) {
  std::set<std::string> routed;
  for (const auto& r : api_.router().routes())
    routed.insert(std::string(boost::beast::http::to_string(r.method)) + " " + r.pattern);
  for (const auto& r : routed)
    EXPECT_TRUE(documented_.count(r)) << "not in docs/openapi.yaml: " << r;
  for (const auto& [op, unused] : documented_)
    EXPECT_TRUE(routed.count(op)) << "documented but not a route: " << op;
}

TEST_F(OpenApiRoutesTest, RequestBodiesMatchWhatTheRoutesRead) {
  for (const auto& r : api_.router().routes()) {
    const std::string name = std::string(boost::beast::http::to_string(r.method)) + " " + r.pattern;
    auto it = documented_.find(name);
    if (it == documented_.end()) continue;  // reported by the test above
    const std::string expected = ExpectedBody(r.options.body);
    if (expected.empty()) {
      EXPECT_TRUE(it->second.bodies.empty()) << name << " reads no body but documents one";
      continue;
    }
    EXPECT_EQ(it->second.bodies, std::set<std::string>{expected}) << name;
    EXPECT_EQ(it->second.body_required, r.options.body != http::BodyKind::kOptionalJson)
        << name << ": requestBody.required";
  }
}

TEST_F(OpenApiRoutesTest, OnlyPublicRoutesSkipTheBearerToken) {
  for (const auto& r : api_.router().routes()) {
    const std::string name = std::string(boost::beast::http::to_string(r.method)) + " " + r.pattern;
    auto it = documented_.find(name);
    if (it == documented_.end()) continue;
    // Signed-in routes check the token before the body (RouteTable::Signed); public ones do not.
    const bool is_public = !r.options.before_body;
    EXPECT_EQ(it->second.is_public, is_public)
        << name
        << (is_public ? " is public: document `security: []`"
                      : " needs a token: drop `security: []`");
  }
}

}  // namespace
}  // namespace bi::testing
