// Groups a generated JSON-lines log of many concurrent requests with fiberlog-tail and with
// `jq -s 'group_by(.fiber)'`, each run as a subprocess writing to /dev/null, and reports
// MB/s, fiberlog-tail's speedup over jq and each run's peak RSS.
//
// FIBERLOG_BENCH_TAIL_MB sets the log size (default 200); FIBERLOG_BENCH_BIG=1 adds a run on
// a 1 GiB log that reports fiberlog-tail's peak RSS. The logs are written once per run into a
// temporary directory, deterministically, and removed at exit.

#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" char** environ;

namespace {

// Deterministic pseudo-random numbers (splitmix64).
class random_source {
public:
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        return z ^ (z >> 31);
    }
    std::uint64_t below(std::uint64_t n) { return next() % n; }

private:
    std::uint64_t state_ = 42;
};

struct live_fiber {
    std::uint64_t id, parent;
    std::uint64_t request;
    int depth;
    int lines_left;
};

// Writes `bytes` of JSON lines: about 1000 requests in flight, each a tree of fibers up to
// four levels deep whose lines interleave with every other request's, as a busy server's log.
void write_log(const std::string& path, std::uint64_t bytes) {
    static const char* const levels[] = {"debug", "info", "info", "info", "warning", "error"};
    static const char* const users[] = {"alice", "bob", "carol", "dave", "erin"};
    static const char* const words[] = {"loaded user",      "query sent",     "cache miss",
                                        "calling upstream", "response ready", "retrying"};
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(path.c_str(), "w"), std::fclose);
    if (!out) throw std::runtime_error("cannot write " + path);
    random_source rnd;
    std::vector<live_fiber> live;
    std::uint64_t next_fiber = 100, next_request = 1, written = 0;
    std::int64_t ts_us = 1'795'428'000'000'000;  // 2026-11-23T10:00:00Z
    char line[1024];
    while (written < bytes) {
        while (live.size() < 1000) {
            live.push_back({next_fiber++, 1 + rnd.below(4), next_request++, 0,
                            3 + static_cast<int>(rnd.below(6))});
        }
        const std::size_t i = rnd.below(live.size());
        const live_fiber f = live[i];
        ts_us += static_cast<std::int64_t>(rnd.below(50));
        const std::time_t secs = static_cast<std::time_t>(ts_us / 1'000'000);
        std::tm tm{};
        gmtime_r(&secs, &tm);
        const int n = std::snprintf(
            line, sizeof line,
            "{\"ts\":\"%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ\",\"level\":\"%s\",\"logger\":\"app\","
            "\"fiber\":%llu,\"parent\":%llu,\"thread\":%llu,\"msg\":\"%s #%llu\",\"ctx\":{"
            "\"request_id\":\"r-%llu\",\"user\":\"%s\",\"tenant\":\"t-%llu\",\"attempt\":%d,"
            "\"ok\":%s,\"ratio\":0.%llu}}\n",
            tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
            static_cast<long long>(ts_us % 1'000'000), levels[rnd.below(6)],
            static_cast<unsigned long long>(f.id), static_cast<unsigned long long>(f.parent),
            static_cast<unsigned long long>(4000 + f.request % 8), words[rnd.below(6)],
            static_cast<unsigned long long>(written), static_cast<unsigned long long>(f.request),
            users[f.request % 5], static_cast<unsigned long long>(f.request % 17), 1 + f.depth,
            rnd.below(2) ? "true" : "false", static_cast<unsigned long long>(rnd.below(100)));
        std::fwrite(line, 1, static_cast<std::size_t>(n), out.get());
        written += static_cast<std::uint64_t>(n);
        if (f.depth < 3 && rnd.below(3) == 0) {  // launch a child, which inherits the request
            live.push_back(
                {next_fiber++, f.id, f.request, f.depth + 1, 2 + static_cast<int>(rnd.below(5))});
        }
        if (--live[i].lines_left == 0) {
            live[i] = live.back();
            live.pop_back();
        }
    }
}

// The logs, written on first use into a directory removed at exit.
class log_files {
public:
    ~log_files() {
        std::error_code ignored;
        if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
    }

    const std::string& get(std::uint64_t mib) {
        auto it = files_.find(mib);
        if (it != files_.end()) return it->second;
        if (const char* keep = std::getenv("FIBERLOG_BENCH_TAIL_DIR"); keep != nullptr && *keep) {
            const std::string path = std::string(keep) + "/log-" + std::to_string(mib) + "MiB.jsonl";
            std::error_code ec;
            if (std::filesystem::file_size(path, ec) < (mib << 20) || ec) write_log(path, mib << 20);
            return files_.emplace(mib, path).first->second;
        }
        if (dir_.empty()) {
            std::string pattern =
                (std::filesystem::temp_directory_path() / "bench_tail.XXXXXX").string();
            if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
            dir_ = pattern;
        }
        const std::string path = dir_ + "/log-" + std::to_string(mib) + "MiB.jsonl";
        write_log(path, mib << 20);
        return files_.emplace(mib, path).first->second;
    }

private:
    std::string dir_;
    std::map<std::uint64_t, std::string> files_;
};

log_files logs;

struct run_stats {
    double seconds;
    double peak_rss_mib;
};

// Runs argv with stdout on /dev/null; its wall time and peak RSS (from wait4).
run_stats run(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot run " + args[0]);
    int status = 0;
    rusage usage{};
    ::wait4(pid, &status, 0, &usage);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error(args[0] + " failed");
    return {elapsed.count(), static_cast<double>(usage.ru_maxrss) / 1024.0};  // ru_maxrss: KiB
}

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 10) : fallback;
}

const std::uint64_t log_mib = env_number("FIBERLOG_BENCH_TAIL_MB", 200);
double tail_jsonl_seconds = 0;  // for jq's ratio

// One benchmark: runs `args` + the log once per iteration and reports MB/s and peak RSS.
// Returns the mean seconds per run (0 after an error).
double run_on_log(benchmark::State& state, std::vector<std::string> args, std::uint64_t mib) {
    const std::string& path = logs.get(mib);
    args.push_back(path);
    double total = 0, peak = 0;
    for (auto _ : state) {
        try {
            const run_stats s = run(args);
            state.SetIterationTime(s.seconds);
            total += s.seconds;
            peak = std::max(peak, s.peak_rss_mib);
        } catch (const std::exception& e) {
            state.SkipWithError(e.what());
            return 0;
        }
    }
    const auto bytes = static_cast<std::int64_t>(std::filesystem::file_size(path));
    state.SetBytesProcessed(bytes * static_cast<std::int64_t>(state.iterations()));
    state.counters["peak_rss_MiB"] = peak;
    return total / static_cast<double>(state.iterations());
}

void BM_tail_group_text(benchmark::State& state) {
    run_on_log(state, {FIBERLOG_TAIL_EXE}, log_mib);
}

void BM_tail_group_jsonl(benchmark::State& state) {
    tail_jsonl_seconds = run_on_log(state, {FIBERLOG_TAIL_EXE, "--output", "jsonl"}, log_mib);
}

void BM_tail_count(benchmark::State& state) {
    run_on_log(state, {FIBERLOG_TAIL_EXE, "--count"}, log_mib);
}

// jq's time over fiberlog-tail's for the same grouping (--output jsonl: the grouped records).
void BM_jq_group_by(benchmark::State& state) {
    const double jq_seconds = run_on_log(state, {"jq", "-s", "group_by(.fiber)"}, log_mib);
    if (jq_seconds > 0 && tail_jsonl_seconds > 0) {
        state.counters["tail_speedup"] = jq_seconds / tail_jsonl_seconds;
    }
}

void BM_tail_group_1GiB(benchmark::State& state) {
    run_on_log(state, {FIBERLOG_TAIL_EXE, "--output", "jsonl"}, 1024);
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::RegisterBenchmark("BM_tail_group_text", BM_tail_group_text)
        ->UseManualTime()
        ->Iterations(3)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_tail_group_jsonl", BM_tail_group_jsonl)
        ->UseManualTime()
        ->Iterations(3)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_tail_count", BM_tail_count)
        ->UseManualTime()
        ->Iterations(3)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_jq_group_by", BM_jq_group_by)
        ->UseManualTime()
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond);
    if (env_number("FIBERLOG_BENCH_BIG", 0) != 0) {
        benchmark::RegisterBenchmark("BM_tail_group_1GiB", BM_tail_group_1GiB)
            ->UseManualTime()
            ->Iterations(1)
            ->Unit(benchmark::kMillisecond);
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
