#include "http_service/app.hpp"

#include <atomic>
#include <csignal>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/fiber/fiber.hpp>
#include <boost/fiber/operations.hpp>
#include <spdlog/spdlog.h>

#include <fiberlog/asio.hpp>

#include "http_service/client.hpp"
#include "http_service/service.hpp"

namespace example::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using fiberlog::asio::yield;

namespace {

// One thread's share of the service. Built on the thread that makes the app; used only by
// the thread that runs it.
struct worker {
    worker(const app_options& o, const tcp::endpoint& front_at, const tcp::endpoint& backend_at)
        : io(std::make_shared<net::io_context>(1)),
          backend_client(*io),
          backend(*io, backend_at, make_backend(), o.limits),
          front(*io, front_at,
                make_front(*io, backend_client, front_options{backend.local_endpoint(), o.db_latency}),
                o.limits) {}

    std::shared_ptr<net::io_context> io;
    client backend_client;
    server backend;
    server front;
};

server_options with_reuse_port(server_options o, unsigned threads) {
    o.reuse_port = threads > 1;
    return o;
}

}  // namespace

struct app::impl {
    explicit impl(app_options o) : options(std::move(o)) {
        options.limits = with_reuse_port(options.limits, options.threads);
        const auto address = net::ip::make_address(options.address);
        tcp::endpoint front_at{address, options.port}, backend_at{address, 0};
        for (unsigned i = 0; i < options.threads; ++i) {
            workers.push_back(std::make_unique<worker>(options, front_at, backend_at));
            // The other threads listen on the ports the first one got.
            front_at = workers.front()->front.local_endpoint();
            backend_at = workers.front()->backend.local_endpoint();
        }
        fronts_running = options.threads;
    }

    // Thread i: its fibers and I/O until its backend server has drained.
    void run_worker(unsigned i) {
        worker& w = *workers[i];
        boost::fibers::use_scheduling_algorithm<fiberlog::asio::round_robin>(w.io);
        if (i == 0 && options.stop_on_signals) {
            signals.emplace(*w.io, SIGINT, SIGTERM);
            boost::fibers::fiber([this] {
                boost::system::error_code ec;
                const int signal = signals->async_wait(yield[ec]);
                if (ec) return;  // stop() came first
                spdlog::info("signal {}: stopping", signal);
                stop();
            }).detach();
        }
        boost::fibers::fiber front([this, &w] {
            w.front.run();
            // The last front server done: no more calls to the backends.
            if (fronts_running.fetch_sub(1) == 1)
                for (auto& other : workers)
                    net::post(*other->io, [&b = other->backend] { b.stop(); });
        });
        boost::fibers::fiber backend([&w] {
            w.backend.run();
            w.io->stop();
        });
        w.io->run();
        front.join();
        backend.join();
    }

    void stop() {
        for (auto& w : workers) net::post(*w->io, [&f = w->front] { f.stop(); });
        if (!workers.empty())
            net::post(*workers.front()->io, [this] {
                boost::system::error_code ignored;
                if (signals) signals->cancel(ignored);
            });
    }

    app_options options;
    std::vector<std::unique_ptr<worker>> workers;
    std::atomic<unsigned> fronts_running{0};
    std::optional<net::signal_set> signals;  // thread 0's
};

app::app(app_options options) : impl_(std::make_unique<impl>(std::move(options))) {}

app::~app() = default;

std::uint16_t app::port() const { return impl_->workers.front()->front.local_endpoint().port(); }

std::uint16_t app::backend_port() const {
    return impl_->workers.front()->backend.local_endpoint().port();
}

void app::run() {
    std::vector<std::thread> others;
    for (unsigned i = 1; i < impl_->workers.size(); ++i)
        others.emplace_back([this, i] { impl_->run_worker(i); });
    impl_->run_worker(0);
    for (auto& t : others) t.join();
}

void app::stop() { impl_->stop(); }

}  // namespace example::http
