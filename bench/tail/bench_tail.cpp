// fiberlog-tail next to the I/O floor (`wc -l`) and to the tools people group logs with (jq,
// lnav), each run as a process on the same generated JSON-lines log, stdout to /dev/null:
// wall time (the benchmark's time, so throughput), CPU seconds and peak RSS of each run.
// bench/tail/run.sh runs it and writes the table and the plot (docs/bench-tail.*).
//
// FIBERLOG_BENCH_TAIL_MB sets the log size (default 200 MiB); FIBERLOG_BENCH_BIG=1 adds a run
// on a 1 GiB log, for the peak RSS. The logs are written deterministically into
// FIBERLOG_BENCH_TAIL_DIR (kept and reused) or into a temporary directory removed at exit.
// A command that is not installed (jq, lnav) is reported as skipped.

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
    std::uint64_t span, parent_span;
    int depth;
    int lines_left;
};

// Writes `bytes` of JSON lines as fiberlog's json_formatter() writes them, process identity
// and trace context included: about 1000 requests in flight, each a trace whose fibers (a
// tree up to four levels deep, a span each) log lines that interleave with every other
// request's, as a busy server's log.
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
    char parent_span[40];
    while (written < bytes) {
        while (live.size() < 1000) {
            live.push_back({next_fiber++, 1 + rnd.below(4), next_request++, rnd.next() | 1, 0, 0,
                            3 + static_cast<int>(rnd.below(6))});
        }
        const std::size_t i = rnd.below(live.size());
        const live_fiber f = live[i];
        ts_us += static_cast<std::int64_t>(rnd.below(50));
        const std::time_t secs = static_cast<std::time_t>(ts_us / 1'000'000);
        std::tm tm{};
        gmtime_r(&secs, &tm);
        parent_span[0] = '\0';
        if (f.parent_span != 0) {
            std::snprintf(parent_span, sizeof parent_span, ",\"parent_span_id\":\"%016llx\"",
                          static_cast<unsigned long long>(f.parent_span));
        }
        const int n = std::snprintf(
            line, sizeof line,
            "{\"ts\":\"%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ\",\"level\":\"%s\",\"logger\":\"app\","
            "\"fiber\":%llu,\"parent\":%llu,\"thread\":%llu,\"service\":\"checkout\","
            "\"host\":\"pod-7\",\"pid\":4711,\"trace_id\":\"%016llx%016llx\","
            "\"span_id\":\"%016llx\"%s,\"msg\":\"%s #%llu\",\"ctx\":{\"request_id\":\"r-%llu\","
            "\"user\":\"%s\",\"tenant\":\"t-%llu\",\"attempt\":%d,\"ok\":%s,\"ratio\":0.%llu}}\n",
            tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
            static_cast<long long>(ts_us % 1'000'000), levels[rnd.below(6)],
            static_cast<unsigned long long>(f.id), static_cast<unsigned long long>(f.parent),
            static_cast<unsigned long long>(4000 + f.request % 8),
            static_cast<unsigned long long>(0x4bf92f3577b34da6u ^ f.request),
            static_cast<unsigned long long>(f.request * 0x9e3779b97f4a7c15u),
            static_cast<unsigned long long>(f.span), parent_span, words[rnd.below(6)],
            static_cast<unsigned long long>(written), static_cast<unsigned long long>(f.request),
            users[f.request % 5], static_cast<unsigned long long>(f.request % 17), 1 + f.depth,
            rnd.below(2) ? "true" : "false", static_cast<unsigned long long>(rnd.below(100)));
        std::fwrite(line, 1, static_cast<std::size_t>(n), out.get());
        written += static_cast<std::uint64_t>(n);
        if (f.depth < 3 && rnd.below(3) == 0) {  // launch a child, which inherits the request
            live.push_back({next_fiber++, f.id, f.request, rnd.next() | 1, f.span, f.depth + 1,
                            2 + static_cast<int>(rnd.below(5))});
        }
        if (--live[i].lines_left == 0) {
            live[i] = live.back();
            live.pop_back();
        }
    }
}

// A directory removed at exit, or the kept one FIBERLOG_BENCH_TAIL_DIR names.
class work_dir {
public:
    ~work_dir() {
        std::error_code ignored;
        if (temporary_) std::filesystem::remove_all(path_, ignored);
    }
    const std::string& path() {
        if (!path_.empty()) return path_;
        if (const char* keep = std::getenv("FIBERLOG_BENCH_TAIL_DIR"); keep != nullptr && *keep) {
            path_ = keep;
            std::filesystem::create_directories(path_);
            return path_;
        }
        std::string pattern =
            (std::filesystem::temp_directory_path() / "bench_tail.XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
        temporary_ = true;
        return path_;
    }

private:
    std::string path_;
    bool temporary_ = false;
};

work_dir dir;

// The log of `mib` MiB, written on first use (a kept one is reused when complete).
const std::string& log_file(std::uint64_t mib) {
    static std::map<std::uint64_t, std::string> files;
    auto it = files.find(mib);
    if (it != files.end()) return it->second;
    const std::string path = dir.path() + "/log-" + std::to_string(mib) + "MiB.jsonl";
    std::error_code ec;
    if (std::filesystem::file_size(path, ec) < (mib << 20) || ec) write_log(path, mib << 20);
    return files.emplace(mib, path).first->second;
}

struct run_stats {
    double seconds;       // wall
    double cpu_seconds;   // user + system
    double peak_rss_mib;  // ru_maxrss
};

double seconds_of(const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
}

// Runs argv (with `env` added to the environment) with stdout on /dev/null; its wall time,
// CPU time and peak RSS (from wait4). Throws when it cannot start or fails.
run_stats run(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<std::string> env_strings(env);
    for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
    std::vector<char*> envp;
    for (std::string& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error(args[0] + " is not installed");
    int status = 0;
    rusage usage{};
    ::wait4(pid, &status, 0, &usage);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw std::runtime_error(args[0] + " failed");
    }
    return {elapsed.count(), seconds_of(usage.ru_utime) + seconds_of(usage.ru_stime),
            static_cast<double>(usage.ru_maxrss) / 1024.0};  // ru_maxrss: KiB
}

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 10) : fallback;
}

const std::uint64_t log_mib = env_number("FIBERLOG_BENCH_TAIL_MB", 200);

// A HOME for lnav with the bench's format installed (lnav reads formats from there).
const std::string& lnav_home() {
    static const std::string home = [] {
        const std::string h = dir.path() + "/lnav-home";
        std::filesystem::create_directories(h);
        run({"lnav", "-i", FIBERLOG_BENCH_TAIL_LNAV_FORMAT}, {"HOME=" + h});
        return h;
    }();
    return home;
}

// Reads `path` through, so that its pages are in the page cache when a run starts: every run
// reads a cached file, as `wc -l` shows the floor for. (Some machines page out file pages
// unused for a minute: the 1 GiB log, read last, would otherwise come partly from disk.)
void warm_up(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot read " + path);
    std::vector<char> buffer(std::size_t{1} << 20);
    while (::read(fd, buffer.data(), buffer.size()) > 0) {
    }
    ::close(fd);
}

// One benchmark: runs `args` + the log once per iteration; the time is the wall time, and
// counters give the CPU seconds and the peak RSS of the runs.
void run_on_log(benchmark::State& state, std::vector<std::string> args, std::uint64_t mib,
                const std::vector<std::string>& env = {}) {
    try {
        const std::string& path = log_file(mib);
        args.push_back(path);
        double cpu = 0, peak = 0;
        for (auto _ : state) {
            warm_up(path);  // not timed: the time is the run's (manual time)
            const run_stats s = run(args, env);
            state.SetIterationTime(s.seconds);
            cpu += s.cpu_seconds;
            peak = std::max(peak, s.peak_rss_mib);
        }
        state.SetBytesProcessed(static_cast<std::int64_t>(std::filesystem::file_size(path)) *
                                static_cast<std::int64_t>(state.iterations()));
        state.counters["cpu_s"] = cpu / static_cast<double>(state.iterations());
        state.counters["peak_rss_MiB"] = peak;
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
    }
}

const std::string tail = FIBERLOG_TAIL_EXE;

struct command {
    const char* name;
    std::vector<std::string> args;
    int repetitions;  // 0: --benchmark_repetitions
};

}  // namespace

int main(int argc, char** argv) {
    // lnav's query: the number of lines of each fiber, what fiberlog-tail --count prints.
    const std::string lnav_query =
        ";SELECT fiber, count(*) FROM fiberlog_bench_json GROUP BY fiber";
    const std::vector<command> commands = {
        {"wc_l", {"wc", "-l"}, 0},
        {"tail_count", {tail, "--count"}, 0},
        {"tail_count_1_thread", {tail, "--count", "--threads", "1"}, 0},
        {"tail_jsonl", {tail, "--output", "jsonl"}, 0},
        {"tail_jsonl_1_thread", {tail, "--output", "jsonl", "--threads", "1"}, 0},
        {"tail_text", {tail, "--color", "never"}, 0},
        {"jq_group_by", {"jq", "-s", "group_by(.fiber)"}, 3},
        {"lnav_group_by", {"lnav", "-n", "-c", lnav_query}, 3},
    };
    for (const command& c : commands) {
        auto* b = benchmark::RegisterBenchmark(c.name, [c](benchmark::State& state) {
            std::vector<std::string> env;
            if (c.args[0] == "lnav") {
                try {
                    env.push_back("HOME=" + lnav_home());
                } catch (const std::exception& e) {
                    state.SkipWithError(e.what());
                    return;
                }
            }
            run_on_log(state, c.args, log_mib, env);
        });
        b->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);
        if (c.repetitions > 0) b->Repetitions(c.repetitions);
    }
    if (env_number("FIBERLOG_BENCH_BIG", 0) != 0) {
        benchmark::RegisterBenchmark("tail_jsonl_1GiB",
                                     [](benchmark::State& state) {
                                         run_on_log(state, {tail, "--output", "jsonl"}, 1024);
                                     })
            ->UseManualTime()
            ->Iterations(1)
            ->Repetitions(1)
            ->Unit(benchmark::kMillisecond);
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
