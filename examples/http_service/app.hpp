#pragma once

// The whole example service: threads, each with an io_context under fiberlog::asio::round_robin,
// a front server, a backend server (the "second service"), a client and the handlers; and
// the graceful stop that ties them together.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "http_service/server.hpp"

namespace example::http {

struct app_options {
    std::string address = "127.0.0.1";
    std::uint16_t port = 0;                   ///< the front port; 0: an ephemeral one
    unsigned threads = 1;                     ///< > 1: every thread listens on both ports (SO_REUSEPORT)
    std::chrono::milliseconds db_latency{1};  ///< the fake query's wait
    server_options limits;                    ///< for both servers
    bool stop_on_signals = false;             ///< SIGINT and SIGTERM call stop()
};

class app {
public:
    /// Listens on both ports on every thread. Throws boost::system::system_error when it
    /// cannot.
    explicit app(app_options options);
    ~app();
    app(const app&) = delete;
    app& operator=(const app&) = delete;

    std::uint16_t port() const;          ///< the front service's
    std::uint16_t backend_port() const;  ///< the second service's

    /// Runs the service: thread 0 on the calling thread, the others on new ones. Returns
    /// after stop() once every request has been answered and every thread has ended.
    void run();

    /// The graceful stop, from any thread, once or more: the front servers stop accepting
    /// and answer the requests they have (with `Connection: close`); once all have, the
    /// backend servers do the same; then run() returns.
    void stop();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace example::http
