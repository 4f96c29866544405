// The lnav format definitions (share/fiberlog/lnav) with the real lnav, headless: installed
// from an install tree with `lnav -i` into a scratch HOME, then queried with SQL. lnav sees
// every line of both layouts with its fiber, parent, level, logger and context, and the
// identity and trace fields of JSON lines.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli.hpp"
#include "log_writer.hpp"
#include "tail_process.hpp"
#include "temp_dir.hpp"

namespace {

using namespace fiberlog::tail::test;
using nlohmann::json;

const std::string lnav = FIBERLOG_LNAV;  // empty when CMake did not find it

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class tail_lnav : public ::testing::Test {
protected:
    void SetUp() override {
        // Not a skip: CI must run this. scripts/install-deps.sh installs lnav.
        ASSERT_FALSE(lnav.empty()) << "lnav is not installed: run scripts/install-deps.sh";
        const run_result installed = run_command(
            {FIBERLOG_CMAKE, "--install", FIBERLOG_BUILD_DIR, "--prefix", dir_.file("prefix")});
        ASSERT_EQ(installed.status, 0) << installed.err;
        const std::string formats = dir_.file("prefix") + "/share/fiberlog/lnav/";
        const run_result r = run_command(
            {lnav, "-i", formats + "fiberlog_json.json", formats + "fiberlog_text.json"}, {}, env_);
        ASSERT_EQ(r.status, 0) << r.out << r.err;
        ASSERT_NE((r.out + r.err).find("installed"), std::string::npos) << r.out << r.err;
    }

    // The rows of `sql` over `file`, as lnav writes them with :write-json-to.
    json query(const std::string& file, const std::string& sql,
               const std::vector<std::string>& extra_args = {}) {
        std::vector<std::string> argv{lnav, "-n"};
        argv.insert(argv.end(), extra_args.begin(), extra_args.end());
        argv.insert(argv.end(), {"-c", ";" + sql, "-c", ":write-json-to -", file});
        const run_result r = run_command(argv, {}, env_);
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.err, "");
        return json::parse(r.out.empty() ? "[]" : r.out);
    }

    temp_dir dir_;
    // lnav keeps its configuration under HOME (~/.lnav); TZ=UTC as for the text fixtures.
    std::vector<std::string> env_{"HOME=" + dir_.file("home"),
                                  "XDG_CONFIG_HOME=" + dir_.file("home") + "/.config", "TZ=UTC"};
};

// Lines from two processes in one trace, and one without identity.
std::string identity_log() {
    log_line a = traced_line(0, 12, "from api", "api", "h1", 4242, "00f067aa0ba902b7");
    log_line b = traced_line(1, 12, "from worker", "worker", "h2", 7, "1111111111111111",
                             "00f067aa0ba902b7");
    a.level = "warning";
    a.ctx = {{"request_id", std::string("r-9")}};
    b.level = "critical";
    return json_line(a) + "\n" + json_line(b) + "\n" + json_line(line_at(2, 3, "plain")) + "\n";
}

TEST_F(tail_lnav, fiberlog_json_sees_every_line_with_its_fields) {
    const std::string path = dir_.write(
        "app.jsonl", read_file(data_dir + "/spdlog_json.jsonl") + identity_log());
    std::vector<json> expected;
    for (const std::string& line : split_lines(read_file(path))) expected.push_back(json::parse(line));

    const json rows = query(path,
                            "SELECT log_level, fiber, parent, thread, logger, log_body, service, "
                            "host, pid, typeof(pid) AS pid_type, "
                            "trace_id, span_id, parent_span_id, "
                            "jget(ctx, '/request_id') AS request_id FROM fiberlog_json");
    ASSERT_EQ(rows.size(), expected.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const json& row = rows[i];
        const json& line = expected[i];
        EXPECT_EQ(row["log_level"], line["level"]) << i;
        EXPECT_EQ(row["fiber"], line["fiber"]) << i;
        EXPECT_EQ(row["parent"], line["parent"]) << i;
        EXPECT_EQ(row["thread"], line["thread"]) << i;
        EXPECT_EQ(row["logger"], line["logger"]) << i;
        EXPECT_EQ(row["log_body"], line["msg"]) << i;
        for (const char* field : {"service", "host", "trace_id", "span_id", "parent_span_id"}) {
            EXPECT_EQ(row[field], line.value(field, json())) << i << " " << field;
        }
        // A number in SQL; lnav's JSON output quotes a column whose first rows are NULL.
        EXPECT_EQ(row["pid_type"], line.contains("pid") ? "integer" : "null") << i;
        EXPECT_EQ(row["pid"], line.contains("pid") ? json(line["pid"].dump()) : json()) << i;
        EXPECT_EQ(row["request_id"], line["ctx"].value("request_id", json())) << i;
    }
}

TEST_F(tail_lnav, fiberlog_json_reads_flattened_lines_and_a_ctx_column_can_be_added) {
    const std::string path = data_dir + "/spdlog_flat.jsonl";
    const json rows = query(path, "SELECT fiber, log_level FROM fiberlog_json");
    EXPECT_EQ(rows.size(), split_lines(read_file(path)).size());
    // The README's overlay: a format file of your own that names a context key.
    const std::string overlay = dir_.file("mine");
    std::filesystem::create_directories(overlay + "/formats/mine");
    dir_.write("mine/formats/mine/request_id.json",
               R"({"$schema": "https://lnav.org/schemas/format-v1.schema.json",
                   "fiberlog_json": {"value": {"ctx/request_id": {"kind": "string",
                                                                   "identifier": true}}}})");
    const json ids = query(data_dir + "/spdlog_json.jsonl",
                           "SELECT DISTINCT \"ctx/request_id\" AS id FROM fiberlog_json WHERE fiber = 3",
                           {"-I", overlay});
    ASSERT_EQ(ids.size(), 1u);
    EXPECT_EQ(ids[0]["id"], "r-1");
}

TEST_F(tail_lnav, fiberlog_text_sees_every_record_with_its_fields_and_context) {
    // The same run written as text and as JSON lines (data/README.md), then a stack trace.
    log_line failed = line_at(0, 40, "failed\njava.lang.IllegalStateException\n\tat Pool.get()");
    failed.level = "error";
    failed.ctx = {{"request_id", std::string("r-40")}, {"note", std::string("two words")}};
    const std::string path =
        dir_.write("app.log", read_file(data_dir + "/spdlog_text.log") + text_line(failed) + "\n");
    std::vector<json> expected;
    for (const std::string& line : split_lines(read_file(data_dir + "/spdlog_json.jsonl"))) {
        expected.push_back(json::parse(line));
    }
    const json rows = query(path,
                            "SELECT log_level, fiber, parent, logger, log_body, log_time, "
                            "jget(logfmt2json(ctx), '/request_id') AS request_id, "
                            "jget(logfmt2json(ctx), '/user') AS user FROM fiberlog_text");
    ASSERT_EQ(rows.size(), expected.size() + 1);
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const json& row = rows[i];
        const json& line = expected[i];
        EXPECT_EQ(row["log_level"], line["level"]) << i;
        EXPECT_EQ(row["fiber"], line["fiber"]) << i;
        EXPECT_EQ(row["parent"], line["parent"]) << i;
        EXPECT_EQ(row["logger"], line["logger"]) << i;
        EXPECT_EQ(row["log_body"], line["msg"]) << i;
        EXPECT_EQ(row["request_id"], line["ctx"].value("request_id", json())) << i;
        EXPECT_EQ(row["user"], line["ctx"].value("user", json())) << i;
        // lnav shows milliseconds: "2026-11-23 12:18:08.948" of "2026-11-23T12:18:08.948354Z".
        std::string ts = line["ts"];
        ts[10] = ' ';
        EXPECT_EQ(row["log_time"], ts.substr(0, 23)) << i;
    }
    const json& last = rows.back();  // the stack trace is the rest of its message
    EXPECT_EQ(last["log_level"], "error");
    EXPECT_EQ(last["fiber"], 40);
    EXPECT_EQ(last["request_id"], "r-40");
    EXPECT_EQ(last["log_body"], "failed\njava.lang.IllegalStateException\n\tat Pool.get()");
}

TEST_F(tail_lnav, the_manual_page_is_installed_with_the_formats) {
    EXPECT_NE(read_file(dir_.file("prefix") + "/share/man/man1/fiberlog-tail.1")
                  .find(".TH FIBERLOG-TAIL 1"),
              std::string::npos);
}

}  // namespace
