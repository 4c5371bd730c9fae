#include <utility>  // before Asio: boost/asio/awaitable.hpp uses std::exchange (Boost 1.74, GCC 12)

#include "http/server.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_set>
#include <vector>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "common/log.h"
#include "http/error_response.h"
#include "metrics/process_metrics.h"

namespace bi::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using asio::redirect_error;
using asio::use_awaitable;

namespace {

using Parser = bhttp::request_parser<bhttp::string_body>;

// Request ids correlate log lines; they need to be unique, not secret.
std::string NewRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng()));
  return buf;
}

// A caller's X-Request-Id is echoed only if it is short and harmless in logs and headers.
bool AcceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == ':';
  });
}

bool IsJsonContentType(std::string_view value) {
  std::string_view media = value.substr(0, value.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  return beast::iequals(media, "application/json");
}

Status ParseJsonBody(const std::string& body, nlohmann::json* out) {
  if (body.empty()) return Status::InvalidArgument("request body must be a JSON document");
  try {
    *out = nlohmann::json::parse(body);
    return Status::Ok();
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    size_t byte = e.byte == 0 ? 0 : std::min<size_t>(e.byte - 1, body.size());
    size_t line = 1 + std::count(body.begin(), body.begin() + byte, '\n');
    size_t line_start = body.rfind('\n', byte == 0 ? 0 : byte - 1);
    size_t column = line_start == std::string::npos ? byte + 1 : byte - line_start;
    if (byte == 0) column = 1;
    return Status::InvalidArgument(
        "malformed JSON at line " + std::to_string(line) + ", column " + std::to_string(column),
        {{"line", line}, {"column", column}, {"offset", byte}});
  }
}

// The address `hops` entries from the right of X-Forwarded-For ("client, proxy1, proxy2"), or
// `peer` when the header has fewer entries.
std::string ForwardedClient(std::string_view header, int hops, const std::string& peer) {
  std::vector<std::string_view> entries;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    entries.push_back(item);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
  }
  if (static_cast<int>(entries.size()) < hops || entries[entries.size() - hops].empty())
    return peer;
  return std::string(entries[entries.size() - hops]);
}

// Whether the peer of a connection closed or reset it: a peek that never consumes a byte.
// Pipelined bytes mean it is still there.
bool PeerClosed(int fd) {
  char byte;
  ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n >= 0) return n == 0;
  return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
}

Result<Response> CallSafely(const Handler& handler, Request& req) {
  try {
    return handler(req);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("unhandled exception: ") + e.what());
  }
}

// The temporary file of a BodyKind::kFile request; removed when the request is finished.
class TempBodyFile {
 public:
  static Result<std::unique_ptr<TempBodyFile>> Create(const std::string& dir) {
    std::error_code ec;
    std::filesystem::path base =
        dir.empty() ? std::filesystem::temp_directory_path(ec) : std::filesystem::path(dir);
    if (!dir.empty()) std::filesystem::create_directories(base, ec);
    std::string pattern = (base / "upload-XXXXXX").string();
    int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd < 0) return Status::IoError("cannot create a temporary file for the request body");
    return std::unique_ptr<TempBodyFile>(new TempBodyFile(fd, std::move(pattern)));
  }
  ~TempBodyFile() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }
  uint64_t size() const { return size_; }
  // Blocking write on the I/O thread: writes land in the page cache, so this is short.
  Status Append(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return Status::IoError("cannot write the request body to a temporary file");
      bytes.remove_prefix(static_cast<size_t>(n));
      size_ += static_cast<uint64_t>(n);
    }
    return Status::Ok();
  }

 private:
  TempBodyFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_;
  std::string path_;
  uint64_t size_ = 0;
};

struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  // True while waiting for the first byte of a new request. Read and written only on the
  // connection's own io_context thread, so Stop() checks it from a handler posted there.
  bool idle = true;
};

// Writes an answer, or only its header for a HEAD request.
template <class Body>
asio::awaitable<void> WriteAnswer(beast::tcp_stream& stream, bhttp::response<Body>& msg, bool head,
                                  beast::error_code& ec) {
  if (!head) {
    co_await bhttp::async_write(stream, msg, redirect_error(use_awaitable, ec));
    co_return;
  }
  bhttp::response_serializer<Body> serializer(msg);
  co_await bhttp::async_write_header(stream, serializer, redirect_error(use_awaitable, ec));
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, Router router)
      : options_(std::move(options)),
        router_(std::move(router)),
        blocking_(std::max(1, options_.blocking_threads)) {}

  ~Impl() {
    Stop(std::chrono::milliseconds(0));
    {
      std::lock_guard lock(conns_mu_);
      conns_.clear();
    }
    acceptor_.reset();
    contexts_.clear();
  }

  Status Start();
  void Stop(std::chrono::milliseconds grace);
  int port() const { return port_; }

 private:
  asio::awaitable<void> AcceptLoop();
  asio::awaitable<void> Serve(std::shared_ptr<Connection> conn);
  asio::awaitable<Response> Handle(Connection& conn, beast::flat_buffer& buffer, Parser& parser,
                                   Request& req, bool& keep_alive);
  asio::awaitable<Result<Response>> Invoke(const Route& route, Request& req);
  Response Render(const Result<Response>& result, const Request& req);
  // Before the answer is written, so a client that has its answer finds it in /metrics.
  void RecordMetrics(const Request& req, const Response& res, Clock::time_point start);
  void LogAccess(const Request& req, const Response& res, Clock::time_point start);

  ServerOptions options_;
  Router router_;
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> next_context_{0};
  int port_ = 0;
  std::mutex conns_mu_;
  std::condition_variable conns_cv_;
  std::unordered_set<std::shared_ptr<Connection>> conns_;
  std::mutex stop_mu_;
  bool stopped_ = false;
  std::vector<std::thread> threads_;
  // Destroyed in reverse order: acceptor, then the pools, then the contexts that own sockets.
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  asio::thread_pool blocking_;
  std::unique_ptr<tcp::acceptor> acceptor_;
};

Status Server::Impl::Start() {
  int n = options_.io_threads > 0 ? options_.io_threads
                                  : std::max(1u, std::thread::hardware_concurrency());
  for (int i = 0; i < n; ++i) {
    contexts_.push_back(std::make_unique<asio::io_context>(1));
    guards_.push_back(asio::make_work_guard(*contexts_.back()));
  }
  boost::system::error_code ec;
  auto address = asio::ip::make_address(options_.host, ec);
  if (ec) return Status::InvalidArgument("bad listen address '" + options_.host + "'");
  tcp::endpoint endpoint(address, static_cast<unsigned short>(options_.port));
  acceptor_ = std::make_unique<tcp::acceptor>(*contexts_[0]);
  acceptor_->open(endpoint.protocol(), ec);
  if (!ec) acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_->bind(endpoint, ec);
  if (!ec) acceptor_->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Unavailable("cannot listen on " + options_.host + ":" +
                               std::to_string(options_.port) + ": " + ec.message());
  }
  port_ = acceptor_->local_endpoint().port();
  asio::co_spawn(*contexts_[0], AcceptLoop(), asio::detached);
  for (auto& ctx : contexts_) threads_.emplace_back([c = ctx.get()] { c->run(); });
  return Status::Ok();
}

void Server::Impl::Stop(std::chrono::milliseconds grace) {
  std::lock_guard stop_lock(stop_mu_);
  if (stopped_ || contexts_.empty()) return;
  stopped_ = true;
  stopping_ = true;
  asio::post(*contexts_[0], [this] {
    boost::system::error_code ec;
    acceptor_->close(ec);
  });
  {
    std::unique_lock lock(conns_mu_);
    for (const auto& conn : conns_) {
      asio::post(conn->stream.get_executor(), [conn] {
        if (!conn->idle) return;  // busy connections close after their response
        boost::system::error_code ec;
        conn->stream.socket().cancel(ec);
      });
    }
    conns_cv_.wait_for(lock, grace, [this] { return conns_.empty(); });
  }
  guards_.clear();
  for (auto& ctx : contexts_) ctx->stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
  blocking_.stop();
  blocking_.join();
}

asio::awaitable<void> Server::Impl::AcceptLoop() {
  for (;;) {
    boost::system::error_code ec;
    auto& ctx = *contexts_[next_context_++ % contexts_.size()];
    auto socket = co_await acceptor_->async_accept(ctx, redirect_error(use_awaitable, ec));
    if (ec) {
      if (stopping_ || !acceptor_->is_open()) co_return;
      log::Warn("accept_failed").Str("server", options_.name).Str("reason", ec.message());
      // Out of descriptors or similar: back off instead of spinning.
      asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(redirect_error(use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto conn = std::make_shared<Connection>(tcp::socket(std::move(socket)));
    {
      std::lock_guard lock(conns_mu_);
      if (stopping_) continue;
      conns_.insert(conn);
    }
    asio::co_spawn(ctx, Serve(conn), asio::detached);
  }
}

asio::awaitable<void> Server::Impl::Serve(std::shared_ptr<Connection> conn) {
  beast::tcp_stream& stream = conn->stream;
  beast::flat_buffer buffer;
  bool linger = false;
  std::string client_ip;
  {
    boost::system::error_code ec;
    auto remote = stream.socket().remote_endpoint(ec);
    if (!ec) client_ip = remote.address().to_string();
  }
  for (;;) {
    if (stopping_) break;
    boost::system::error_code ec;
    if (buffer.size() == 0) {
      // Idle between requests: Stop() may cancel this read.
      conn->idle = true;
      stream.expires_after(options_.header_timeout);
      size_t n =
          co_await stream.async_read_some(buffer.prepare(8192), redirect_error(use_awaitable, ec));
      conn->idle = false;
      if (ec) break;  // peer closed, idle timeout, or shutdown
      buffer.commit(n);
    }
    std::optional<Parser> parser;
    parser.emplace();
    parser->header_limit(static_cast<uint32_t>(options_.max_header_bytes));
    // Body limits are checked per route once the header is known (Handle), not here.
    parser->body_limit(std::numeric_limits<std::uint64_t>::max());
    stream.expires_after(options_.header_timeout);
    co_await bhttp::async_read_header(stream, buffer, *parser, redirect_error(use_awaitable, ec));
    const auto start = Clock::now();
    Request req;
    req.client_ip = client_ip;
    Response res;
    bool keep_alive = false;
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset) {
      break;
    } else if (ec) {
      req.request_id = NewRequestId();
      const bool too_big = ec == bhttp::error::header_limit;
      res = ErrorResponse(
          Status::InvalidArgument(too_big ? "request header too large"
                                          : "malformed HTTP request: " + ec.message()),
          req.request_id);
      if (too_big) res.status = 431;
    } else {
      keep_alive = parser->get().keep_alive();
      res = co_await Handle(*conn, buffer, *parser, req, keep_alive);
      linger = !keep_alive && !parser->is_done();
    }
    if (stopping_) keep_alive = false;
    // HEAD: the GET answer's header (Content-Length included) without its body.
    const bool head = req.message.method() == bhttp::verb::head;

    if (!res.body_file.empty()) {
      // Streamed from a file (downloads): never read into memory.
      bhttp::response<bhttp::file_body> fmsg{static_cast<bhttp::status>(res.status), 11};
      beast::error_code fec;
      fmsg.body().open(res.body_file.c_str(), beast::file_mode::scan, fec);
      if (res.remove_body_file) ::unlink(res.body_file.c_str());
      if (!fec) {
        if (!res.content_type.empty()) fmsg.set(bhttp::field::content_type, res.content_type);
        fmsg.set("X-Request-Id", req.request_id);
        for (auto& [name, value] : res.headers) fmsg.insert(name, value);
        fmsg.keep_alive(keep_alive);
        fmsg.prepare_payload();
        stream.expires_after(options_.body_timeout);
        RecordMetrics(req, res, start);
        co_await WriteAnswer(stream, fmsg, head, ec);
        if (options_.access_log) LogAccess(req, res, start);
        if (ec || !keep_alive) break;
        continue;
      }
      log::Error("response_file_failed")
          .Str("request_id", req.request_id)
          .Str("error", fec.message());
      res = ErrorResponse(Status::Internal("cannot open the response file"), req.request_id);
    }
    bhttp::response<bhttp::string_body> msg{static_cast<bhttp::status>(res.status), 11};
    if (!res.content_type.empty()) msg.set(bhttp::field::content_type, res.content_type);
    msg.set("X-Request-Id", req.request_id);
    for (auto& [name, value] : res.headers) msg.insert(name, value);
    msg.body() = std::move(res.body);
    msg.keep_alive(keep_alive);
    msg.prepare_payload();
    stream.expires_after(options_.body_timeout);
    RecordMetrics(req, res, start);
    co_await WriteAnswer(stream, msg, head, ec);
    if (options_.access_log) LogAccess(req, res, start);
    if (ec || !keep_alive) break;
  }

  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (linger) {
    // The client may still be sending a body we refused; read and drop a little of it so it
    // sees our answer instead of a connection reset.
    stream.expires_after(std::chrono::seconds(1));
    size_t drained = 0;
    while (drained < (1u << 20)) {
      buffer.consume(buffer.size());
      size_t n =
          co_await stream.async_read_some(buffer.prepare(65536), redirect_error(use_awaitable, ec));
      if (ec) break;
      drained += n;
    }
  }
  stream.socket().close(ec);
  {
    std::lock_guard lock(conns_mu_);
    conns_.erase(conn);
  }
  conns_cv_.notify_all();
}

asio::awaitable<Response> Server::Impl::Handle(Connection& conn, beast::flat_buffer& buffer,
                                               Parser& parser, Request& req, bool& keep_alive) {
  auto& header = parser.get();
  req.message.method(header.method());  // for the access log, even if refused before the body
  if (options_.trusted_proxy_hops > 0) {
    req.client_ip =
        ForwardedClient(header["X-Forwarded-For"], options_.trusted_proxy_hops, req.client_ip);
  }
  std::string_view given_id = header["X-Request-Id"];
  req.request_id = AcceptableRequestId(given_id) ? std::string(given_id) : NewRequestId();
  const std::string_view origin = header[bhttp::field::origin];
  auto fail = [&](Status status) {
    Response r = ErrorResponse(status, req.request_id);
    options_.cors.Decorate(origin, r);
    return r;
  };
  // From here on a refused request leaves its body unread, so the connection cannot be reused.
  const bool body_pending = !parser.is_done();
  auto refuse = [&](Status status) {
    if (body_pending) keep_alive = false;
    return fail(std::move(status));
  };

  std::string_view target = header.target();
  size_t qmark = target.find('?');
  std::string_view raw_path = target.substr(0, qmark);
  std::vector<std::string> ignored;
  if (!SplitPath(raw_path, &ignored) || !PercentDecode(raw_path, false, &req.path))
    co_return refuse(Status::InvalidArgument("malformed request path"));
  if (qmark != std::string_view::npos && !ParseQuery(target.substr(qmark + 1), &req.query))
    co_return refuse(Status::InvalidArgument("malformed query string"));

  // Nothing could accept a body this large: refuse before routing or reading it.
  auto content_length = parser.content_length();
  if (content_length && *content_length > router_.MaxBodyBytes()) {
    co_return refuse(Status::PayloadTooLarge(
        "request body of " + std::to_string(*content_length) + " bytes is over the limit",
        {{"limitBytes", router_.MaxBodyBytes()}}));
  }

  RouteMatch match = router_.Match(header.method(), raw_path);
  if (header.method() == bhttp::verb::options && match.kind != RouteMatch::kFound) {
    if (match.allowed.empty()) co_return refuse(Status::NotFound("no such endpoint"));
    if (!header[bhttp::field::access_control_request_method].empty()) {
      if (!options_.cors.Allows(origin))
        co_return refuse(Status::PermissionDenied("origin not allowed by CORS_ORIGINS"));
      Response r = options_.cors.Preflight(origin, match.allowed);
      if (body_pending) keep_alive = false;
      co_return r;
    }
  }
  if (match.kind == RouteMatch::kNotFound) co_return refuse(Status::NotFound("no such endpoint"));
  if (match.kind == RouteMatch::kMethodNotAllowed) {
    Response r = refuse(Status(ErrorCode::kMethodNotAllowed,
                               std::string(header.method_string()) + " is not allowed here"));
    std::string allow;
    for (Verb v : match.allowed) {
      if (!allow.empty()) allow += ", ";
      allow += std::string(bhttp::to_string(v));
    }
    r.Header("Allow", allow);
    co_return r;
  }
  const Route& route = *match.route;
  req.route = route.pattern;
  req.path_params = std::move(match.params);
  if (route.options.before_body) {
    Status allowed = route.options.before_body(header);
    if (!allowed.ok()) co_return refuse(std::move(allowed));
  }

  // BodyKind::kFile: the body goes to a temporary file as it arrives (uploads).
  std::unique_ptr<TempBodyFile> body_file;
  if (route.options.body == BodyKind::kFile) {
    auto created = TempBodyFile::Create(route.options.body_dir);
    if (!created.ok()) co_return refuse(created.status());
    body_file = std::move(created).value();
  }

  if (body_pending) {
    const size_t limit = route.options.max_body_bytes;
    if (content_length && *content_length > limit) {
      co_return refuse(Status::PayloadTooLarge("request body of " +
                                                   std::to_string(*content_length) +
                                                   " bytes is over this endpoint's limit",
                                               {{"limitBytes", limit}}));
    }
    boost::system::error_code ec;
    if (beast::iequals(header[bhttp::field::expect], "100-continue")) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      conn.stream.expires_after(options_.body_timeout);
      co_await asio::async_write(conn.stream, asio::buffer(kContinue),
                                 redirect_error(use_awaitable, ec));
    }
    parser.body_limit(limit);
    conn.stream.expires_after(options_.body_timeout);
    if (!ec && body_file) {
      // Read piece by piece, moving each piece out of the string body into the file, so the
      // body never accumulates in memory. The parser still enforces the limit over the total.
      Status written;
      while (!ec && written.ok() && !parser.is_done()) {
        co_await bhttp::async_read_some(conn.stream, buffer, parser,
                                        redirect_error(use_awaitable, ec));
        std::string& piece = parser.get().body();
        if (!ec && !piece.empty()) written = body_file->Append(piece);
        piece.clear();
      }
      if (!written.ok()) co_return refuse(written);
    } else if (!ec) {
      co_await bhttp::async_read(conn.stream, buffer, parser, redirect_error(use_awaitable, ec));
    }
    if (ec == bhttp::error::body_limit) {
      co_return refuse(Status::PayloadTooLarge("request body is over this endpoint's limit",
                                               {{"limitBytes", limit}}));
    }
    if (ec == beast::error::timeout)
      co_return refuse(Status::Timeout("request body was not received in time"));
    if (ec) co_return refuse(Status::InvalidArgument("malformed request body: " + ec.message()));
  }
  conn.stream.expires_never();  // handlers own their deadlines
  req.message = parser.release();
  if (body_file) {
    req.body_file = body_file->path();
    req.body_file_size = body_file->size();
  }

  if (route.options.body == BodyKind::kJson ||
      (route.options.body == BodyKind::kOptionalJson && !req.message.body().empty())) {
    if (!IsJsonContentType(req.message[bhttp::field::content_type]))
      co_return fail(
          Status(ErrorCode::kUnsupportedMediaType, "Content-Type must be application/json"));
    Status parsed = ParseJsonBody(req.message.body(), &req.json);
    if (!parsed.ok()) co_return fail(parsed);
  }

  // The socket outlives the handler: the connection waits for it before closing.
  req.client_gone = [fd = conn.stream.socket().native_handle()] { return PeerClosed(fd); };
  Result<Response> result = co_await Invoke(route, req);
  Response res = Render(result, req);
  options_.cors.Decorate(origin, res);
  co_return res;
}

asio::awaitable<Result<Response>> Server::Impl::Invoke(const Route& route, Request& req) {
  if (route.async_handler) {
    std::optional<Result<Response>> result;
    try {
      result.emplace(co_await route.async_handler(req));
    } catch (const std::exception& e) {
      result.emplace(Status::Internal(std::string("unhandled exception: ") + e.what()));
    }
    co_return std::move(*result);
  }
  if (route.options.execution == Execution::kInline) co_return CallSafely(route.handler, req);
  if (route.options.quick) {
    std::optional<Result<Response>> quick;
    try {
      quick = route.options.quick(req);
    } catch (const std::exception& e) {
      quick.emplace(Status::Internal(std::string("unhandled exception: ") + e.what()));
    }
    if (quick) co_return std::move(*quick);
  }
  // Run on the blocking pool; co_spawn resumes us on this connection's I/O thread afterwards.
  // std::optional because co_spawn needs a default-constructible result type.
  std::optional<Result<Response>> result = co_await asio::co_spawn(
      blocking_,
      [&]() -> asio::awaitable<std::optional<Result<Response>>> {
        co_return CallSafely(route.handler, req);
      },
      use_awaitable);
  co_return std::move(*result);
}

Response Server::Impl::Render(const Result<Response>& result, const Request& req) {
  if (result.ok()) return result.value();
  const Status& status = result.status();
  if (HttpStatusFor(status.code()) >= 500) {
    log::Error("request_failed")
        .Str("server", options_.name)
        .Str("request_id", req.request_id)
        .Str("endpoint", req.path)
        .Str("error", status.ToString());
  }
  return ErrorResponse(status, req.request_id);
}

void Server::Impl::RecordMetrics(const Request& req, const Response& res, Clock::time_point start) {
  // Kept whether or not the access log is on (benchmarks turn the log off).
  metrics::Process().RecordRequest(
      options_.name, std::string_view(bhttp::to_string(req.message.method())), req.route,
      res.status, std::chrono::duration<double>(Clock::now() - start).count());
}

void Server::Impl::LogAccess(const Request& req, const Response& res, Clock::time_point start) {
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  log::Line line(log::Level::kInfo, "request");
  line.Str("server", options_.name).Str("request_id", req.request_id);
  if (!req.user_id.empty()) line.Str("user_id", req.user_id);
  line.Str("method", std::string_view(bhttp::to_string(req.message.method())))
      .Str("endpoint", req.path)
      .Str("route", req.route)
      .Int("status", res.status)
      .Num("duration_ms", ms)
      .Str("client_ip", req.client_ip);
  line.Emit();
}

Server::Server(ServerOptions options, Router router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}
Server::~Server() = default;
Status Server::Start() {
  return impl_->Start();
}
int Server::port() const {
  return impl_->port();
}
void Server::Stop(std::chrono::milliseconds grace) {
  impl_->Stop(grace);
}

}  // namespace bi::http
