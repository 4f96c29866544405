// install() and set_pattern(): registered loggers, the default logger and loggers created
// later all format with fiberlog's formatter.

#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <fiberlog/fiberlog.hpp>
#include <fiberlog/spdlog.hpp>

#include "capture_sink.hpp"

namespace fiberlog {
namespace {

class install_test : public ::testing::Test {
protected:
    void SetUp() override { spdlog::drop_all(); }
    void TearDown() override {
        spdlog::drop_all();
        spdlog::set_pattern("%+");  // spdlog's default formatter again, for other tests
    }

    static std::shared_ptr<spdlog::logger> make(const std::string& name,
                                                std::shared_ptr<test::capture_sink> sink) {
        auto logger = std::make_shared<spdlog::logger>(name, std::move(sink));
        spdlog::initialize_logger(logger);  // registers it, as spdlog's factories do
        return logger;
    }
};

TEST_F(install_test, applies_to_registered_default_and_later_loggers) {
    scoped s{"request_id", "r-7"};
    auto before_sink = std::make_shared<test::capture_sink>();
    auto before = make("before", before_sink);
    auto default_sink = std::make_shared<test::capture_sink>();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("", default_sink));

    install("%n %K %v");

    auto after_sink = std::make_shared<test::capture_sink>();
    auto after = make("after", after_sink);
    before->info("one");
    spdlog::info("two");
    after->info("three");
    EXPECT_EQ(before_sink->lines(), std::vector<std::string>{"before request_id=r-7 one"});
    EXPECT_EQ(default_sink->lines(), std::vector<std::string>{" request_id=r-7 two"});
    EXPECT_EQ(after_sink->lines(), std::vector<std::string>{"after request_id=r-7 three"});
}

TEST_F(install_test, takes_a_json_formatter) {
    auto sink = std::make_shared<test::capture_sink>();
    auto logger = make("j", sink);
    install(json_formatter());
    logger->info("x");
    ASSERT_EQ(sink->lines().size(), 1u);
    EXPECT_EQ(sink->lines()[0].rfind("{\"ts\":\"", 0), 0u) << sink->lines()[0];
}

TEST_F(install_test, a_bad_key_flag_changes_nothing) {
    auto sink = std::make_shared<test::capture_sink>();
    auto logger = make("n", sink);
    install("%n|%v");
    EXPECT_THROW(install("%R", {{'R', "no spaces allowed"}}), std::invalid_argument);
    logger->info("still");
    EXPECT_EQ(sink->lines(), std::vector<std::string>{"n|still"});
}

TEST_F(install_test, set_pattern_gives_one_logger_fiberlogs_flags) {
    scoped s{"request_id", "r-8"};
    auto sink = std::make_shared<test::capture_sink>();
    auto logger = make("one", sink);
    logger->set_pattern("%K|%v");  // spdlog's own formatter: %K is no flag to it
    logger->info("spdlog's");
    fiberlog::set_pattern(logger, "%K|%v");
    logger->info("fiberlog's");
    fiberlog::set_pattern(logger, "%z|%K", spdlog::pattern_time_type::utc);
    logger->info("utc");
    EXPECT_EQ(sink->lines(),
              (std::vector<std::string>{"%K|spdlog's", "request_id=r-8|fiberlog's",
                                        "+00:00|request_id=r-8"}));
}

TEST_F(install_test, set_pattern_of_a_null_logger_throws) {
    EXPECT_THROW(fiberlog::set_pattern(spdlog::get("never registered"), "%K %v"),
                 std::invalid_argument);
}

TEST_F(install_test, set_pattern_for_all_gives_registered_and_later_loggers_fiberlogs_flags) {
    scoped s{"request_id", "r-9"};
    auto before_sink = std::make_shared<test::capture_sink>();
    auto before = make("before", before_sink);
    fiberlog::set_pattern("%n %z %K %v", spdlog::pattern_time_type::utc);
    auto after_sink = std::make_shared<test::capture_sink>();
    auto after = make("after", after_sink);
    before->info("one");
    after->info("two");
    EXPECT_EQ(before_sink->lines(), std::vector<std::string>{"before +00:00 request_id=r-9 one"});
    EXPECT_EQ(after_sink->lines(), std::vector<std::string>{"after +00:00 request_id=r-9 two"});
}

}  // namespace
}  // namespace fiberlog
