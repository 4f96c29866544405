// fiberlog::asio::yield: a completion token that suspends only the calling fiber, with Asio's
// plain and composed operations; errors thrown or stored; the fiber keeps its id and context
// across every suspension, and so does every line it logs.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>

#include <fiberlog/asio.hpp>
#include <fiberlog/fiberlog.hpp>
#include <fiberlog/spdlog.hpp>

#include "capture_sink.hpp"
#include "io_thread.hpp"

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using fiberlog::asio::yield;
using fiberlog::test::run_in_io_thread;

const tcp::endpoint any_loopback{net::ip::address_v4::loopback(), 0};

// Who the running fiber is; compared after every suspension.
struct identity {
    std::uint64_t id = fiberlog::fiber_id();
    std::uint64_t parent = fiberlog::parent_id();
    fiberlog::context ctx = fiberlog::snapshot();
};

// Counts the checks made and those that failed, over every fiber of a test.
struct identity_checks {
    std::atomic<long> made{0}, failed{0};
    void check(const identity& who) {
        ++made;
        if (fiberlog::fiber_id() != who.id || fiberlog::parent_id() != who.parent ||
            !(fiberlog::snapshot() == who.ctx))
            ++failed;
    }
};

// 40 clients x 50 round trips against 40 server-side handler fibers, over loopback. Every
// fiber checks its id, parent and context after each suspension and logs each round trip.
TEST(asio_yield, echo_keeps_every_fibers_id_and_context_across_every_suspension) {
    constexpr int clients = 40, rounds = 50;
    auto sink = std::make_shared<fiberlog::test::capture_sink>();
    auto log = fiberlog::test::logger_over(sink, "%G|%J|%K|%v");
    identity_checks checks;
    std::map<std::uint64_t, identity> fibers;  // every logging fiber, by id
    run_in_io_thread([&](net::io_context& io) {
        fiberlog::put("test", "echo");
        tcp::acceptor acceptor(io, any_loopback);
        const tcp::endpoint server_at = acceptor.local_endpoint();
        std::vector<boost::fibers::fiber> handlers;

        auto serve = [&](tcp::socket socket, int conn) {
            fiberlog::put("conn", conn);
            const identity self;
            fibers[self.id] = self;
            std::string buffer;
            for (int r = 0; r < rounds; ++r) {
                const std::size_t n =
                    net::async_read_until(socket, net::dynamic_buffer(buffer), '\n', yield);
                checks.check(self);
                const std::string line = buffer.substr(0, n);
                buffer.erase(0, n);
                net::async_write(socket, net::buffer(line), yield);
                checks.check(self);
                log->info("echoed {}", r);
            }
            boost::system::error_code ec;
            char byte;
            socket.async_read_some(net::buffer(&byte, 1), yield[ec]);
            checks.check(self);
            EXPECT_EQ(ec, net::error::eof);
        };
        boost::fibers::fiber server([&] {
            fiberlog::put("side", "server");
            const identity self;
            for (int c = 0; c < clients; ++c) {
                tcp::socket socket = acceptor.async_accept(yield);
                checks.check(self);
                handlers.emplace_back(serve, std::move(socket), c);
            }
        });
        std::vector<boost::fibers::fiber> client_fibers;
        for (int c = 0; c < clients; ++c) {
            client_fibers.emplace_back([&, c] {
                fiberlog::put("client", c);
                const identity self;
                fibers[self.id] = self;
                tcp::socket socket(io);
                socket.async_connect(server_at, yield);
                checks.check(self);
                std::string buffer;
                for (int r = 0; r < rounds; ++r) {
                    const std::string message =
                        "client " + std::to_string(c) + " round " + std::to_string(r) + "\n";
                    net::async_write(socket, net::buffer(message), yield);
                    checks.check(self);
                    const std::size_t n =
                        net::async_read_until(socket, net::dynamic_buffer(buffer), '\n', yield);
                    checks.check(self);
                    EXPECT_EQ(buffer.substr(0, n), message);
                    buffer.erase(0, n);
                    log->info("round trip {}", r);
                }
                socket.shutdown(tcp::socket::shutdown_send);
            });
        }
        for (auto& f : client_fibers) f.join();
        server.join();
        for (auto& f : handlers) f.join();
    });
    // Per client: connect + 2 a round; per handler: 2 a round + the end; the server: accepts.
    EXPECT_EQ(checks.made, clients * (1 + 2 * rounds) + clients * (2 * rounds + 1) + clients);
    EXPECT_EQ(checks.failed, 0);

    // Every line carries the id, parent and context of the fiber that logged it.
    ASSERT_EQ(fibers.size(), 2u * clients);
    std::map<std::uint64_t, int> lines_of;
    long wrong = 0;
    const auto lines = sink->lines();
    for (const std::string& line : lines) {
        const auto bar1 = line.find('|'), bar2 = line.find('|', bar1 + 1),
                   bar3 = line.find('|', bar2 + 1);
        ASSERT_NE(bar3, std::string::npos) << line;
        const std::uint64_t id = std::stoull(line.substr(0, bar1));
        const auto it = fibers.find(id);
        if (it == fibers.end() ||
            line.substr(bar1 + 1, bar2 - bar1 - 1) != std::to_string(it->second.parent) ||
            line.substr(bar2 + 1, bar3 - bar2 - 1) != it->second.ctx.text()) {
            ++wrong;
            continue;
        }
        ++lines_of[id];
    }
    EXPECT_EQ(wrong, 0);
    EXPECT_EQ(lines.size(), 2u * clients * rounds);
    for (const auto& [id, count] : lines_of) EXPECT_EQ(count, rounds) << "fiber " << id;
}

// A socket bound but not listening: connecting to its port is refused, deterministically.
struct refusing_port {
    explicit refusing_port(net::io_context& io) : socket(io) {
        socket.open(tcp::v4());
        socket.bind(any_loopback);
    }
    tcp::endpoint endpoint() const { return socket.local_endpoint(); }
    tcp::socket socket;
};

TEST(asio_yield, throws_system_error_on_a_refused_connection) {
    run_in_io_thread([&](net::io_context& io) {
        refusing_port refusing(io);
        fiberlog::put("request_id", "r-1");
        const identity self;
        tcp::socket socket(io);
        try {
            socket.async_connect(refusing.endpoint(), yield);
            ADD_FAILURE() << "connected to a port nobody listens on";
        } catch (const boost::system::system_error& e) {
            EXPECT_EQ(e.code(), net::error::connection_refused);
        }
        EXPECT_EQ(fiberlog::fiber_id(), self.id);
        EXPECT_TRUE(fiberlog::snapshot() == self.ctx);
    });
}

TEST(asio_yield, with_an_error_code_stores_the_error_and_clears_it_on_success) {
    run_in_io_thread([&](net::io_context& io) {
        refusing_port refusing(io);
        tcp::socket socket(io);
        boost::system::error_code ec;
        socket.async_connect(refusing.endpoint(), yield[ec]);
        EXPECT_EQ(ec, net::error::connection_refused);

        net::steady_timer timer(io, 1ms);
        timer.async_wait(yield[ec]);
        EXPECT_FALSE(ec);
    });
}

TEST(asio_yield, a_cancelled_operation_reports_operation_aborted) {
    run_in_io_thread([&](net::io_context& io) {
        net::steady_timer timer(io, 1h);
        boost::fibers::fiber cancel([&] { timer.cancel(); });
        boost::system::error_code ec;
        timer.async_wait(yield[ec]);
        EXPECT_EQ(ec, net::error::operation_aborted);
        cancel.join();

        timer.expires_after(1h);
        boost::fibers::fiber cancel_again([&] { timer.cancel(); });
        EXPECT_THROW(timer.async_wait(yield), boost::system::system_error);
        cancel_again.join();
    });
}

TEST(asio_yield, composed_operations_return_their_results) {
    run_in_io_thread([&](net::io_context& io) {
        tcp::acceptor acceptor(io, any_loopback);
        const std::vector<tcp::endpoint> candidates{acceptor.local_endpoint()};
        boost::fibers::fiber client([&] {
            tcp::socket socket(io);
            const tcp::endpoint connected = net::async_connect(socket, candidates, yield);
            EXPECT_EQ(connected, candidates.front());
            EXPECT_EQ(net::async_write(socket, net::buffer(std::string("hello\nworld")), yield),
                      11u);
        });
        tcp::socket accepted(io);
        acceptor.async_accept(accepted, yield);  // into a socket
        std::string buffer;
        EXPECT_EQ(net::async_read_until(accepted, net::dynamic_buffer(buffer), '\n', yield), 6u);
        std::string rest(11 - buffer.size(), '\0');
        EXPECT_EQ(net::async_read(accepted, net::buffer(rest), yield), rest.size());
        EXPECT_EQ(buffer + rest, "hello\nworld");
        client.join();

        boost::fibers::fiber second([&] {
            tcp::socket socket(io);
            socket.async_connect(candidates.front(), yield);
        });
        tcp::socket moved = acceptor.async_accept(yield);  // a new socket, returned
        EXPECT_TRUE(moved.is_open());
        second.join();

        net::post(io, yield);  // a signature without an error code, returning nothing
    });
}

// A custom initiating function of any signature: several values come as a tuple, one value
// without an error code as itself.
template <class Token, class... Values>
auto async_deliver(net::io_context& io, Token&& token, Values... values) {
    return net::async_initiate<Token, void(std::decay_t<Values>...)>(
        [&io](auto handler, auto... vs) {
            net::post(io, [handler = std::move(handler), vs...]() mutable { handler(vs...); });
        },
        token, values...);
}

TEST(asio_yield, any_signature_returns_its_values) {
    run_in_io_thread([&](net::io_context& io) {
        const auto [n, s] = async_deliver(io, yield, boost::system::error_code{}, 7,
                                          std::string("seven"));
        EXPECT_EQ(n, 7);
        EXPECT_EQ(s, "seven");
        EXPECT_EQ(async_deliver(io, yield, 42), 42);
        boost::system::error_code ec;
        EXPECT_EQ(async_deliver(io, yield[ec], boost::system::error_code{net::error::eof}, 3), 3);
        EXPECT_EQ(ec, net::error::eof);
    });
}

// The I/O object belongs to another thread's io_context: the handler runs there and wakes
// the fiber across threads -- often before the fiber has suspended.
TEST(asio_yield, an_operation_completing_on_another_thread_wakes_the_fiber) {
    net::io_context other;
    auto work = net::make_work_guard(other);
    std::thread other_thread([&] { other.run(); });
    identity_checks checks;
    run_in_io_thread([&](net::io_context&) {
        fiberlog::put("request_id", "r-9");
        const identity self;
        for (int i = 0; i < 200; ++i) {
            net::steady_timer timer(other, 0ms);
            timer.async_wait(yield);
            checks.check(self);
            net::post(other, yield);
            checks.check(self);
        }
    });
    work.reset();
    other_thread.join();
    EXPECT_EQ(checks.made, 400);
    EXPECT_EQ(checks.failed, 0);
}

}  // namespace
