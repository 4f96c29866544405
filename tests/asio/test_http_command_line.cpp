// http_service's command line (examples/http_service/command_line.hpp): the defaults, every
// option, and a clear error for each kind of wrong argument.

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "http_service/command_line.hpp"

namespace {

using example::http::command_line;
using example::http::parse_command_line;

// The message of the std::invalid_argument that `args` make, or "" when they are accepted.
std::string error_of(const std::vector<std::string_view>& args) {
    try {
        parse_command_line(args);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

TEST(http_command_line, defaults) {
    const command_line c = parse_command_line({});
    EXPECT_EQ(c.service.address, "127.0.0.1");
    EXPECT_EQ(c.service.port, 8080);
    EXPECT_EQ(c.service.threads, 1u);
    EXPECT_EQ(c.service.db_latency, std::chrono::milliseconds(1));
    EXPECT_TRUE(c.service.stop_on_signals);
    EXPECT_EQ(c.log.json_path, "http_service.jsonl");
    EXPECT_EQ(c.log.console_level, spdlog::level::info);
    EXPECT_EQ(c.log.with, example::logging::formatter::fiberlog);
    EXPECT_FALSE(c.help);
}

TEST(http_command_line, every_option) {
    const command_line c =
        parse_command_line({"--port", "0", "--threads", "4", "--log", "/tmp/x.jsonl", "--console",
                            "off", "--plain", "--db-ms", "25", "--help"});
    EXPECT_EQ(c.service.port, 0);
    EXPECT_EQ(c.service.threads, 4u);
    EXPECT_EQ(c.log.json_path, "/tmp/x.jsonl");
    EXPECT_EQ(c.log.console_level, spdlog::level::off);
    EXPECT_EQ(c.log.with, example::logging::formatter::plain);
    EXPECT_EQ(c.service.db_latency, std::chrono::milliseconds(25));
    EXPECT_TRUE(c.help);
    EXPECT_EQ(parse_command_line({"--port", "65535", "--console", "warn"}).log.console_level,
              spdlog::level::warn);
}

TEST(http_command_line, a_wrong_argument_is_named_with_what_it_wants) {
    EXPECT_EQ(error_of({"--verbose"}), "unknown option '--verbose'");
    EXPECT_EQ(error_of({"8080"}), "unknown option '8080'");
    EXPECT_EQ(error_of({"--port"}), "--port wants a value");
    EXPECT_EQ(error_of({"--plain", "--log"}), "--log wants a value");
    EXPECT_EQ(error_of({"--port", "65536"}), "--port wants a number from 0 to 65535, not '65536'");
    EXPECT_EQ(error_of({"--port", "80x"}), "--port wants a number from 0 to 65535, not '80x'");
    EXPECT_EQ(error_of({"--port", "-1"}), "--port wants a number from 0 to 65535, not '-1'");
    EXPECT_EQ(error_of({"--port", ""}), "--port wants a number from 0 to 65535, not ''");
    EXPECT_EQ(error_of({"--threads", "0"}), "--threads wants a number from 1 to 256, not '0'");
    EXPECT_EQ(error_of({"--db-ms", "60001"}),
              "--db-ms wants a number from 0 to 60000, not '60001'");
    EXPECT_EQ(error_of({"--log", ""}), "--log wants a file name");
    EXPECT_EQ(error_of({"--console", "loud"}),
              "--console wants trace, debug, info, warn, error, critical or off, not 'loud'");
}

}  // namespace
