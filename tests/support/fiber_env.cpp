#include "fiber_env.hpp"

#include <sys/syscall.h>
#include <unistd.h>

#include <exception>
#include <thread>

#include <boost/fiber/all.hpp>

#include <fiberlog/fiberlog.hpp>

#include "priority_scheduler.hpp"

namespace fiberlog::test {
namespace {

// Runs `body` on the calling thread with `Algo` installed on it and on `threads - 1` more.
template <class Algo>
void run_with(unsigned threads, const std::function<void()>& body) {
    scheduler_threads<Algo> pool{threads};
    body();
}

}  // namespace

long current_thread() { return ::syscall(SYS_gettid); }

std::string name(scheduler s) {
    switch (s) {
        case scheduler::round_robin: return "round_robin";
        case scheduler::shared_work: return "shared_work";
        case scheduler::work_stealing: return "work_stealing";
        case scheduler::user_priority: return "user_priority";
    }
    return "?";
}

std::string name(boost::fibers::launch p) {
    return p == boost::fibers::launch::post ? "post" : "dispatch";
}

std::string case_name(const launch_case& c) {
    return name(c.sched) + "_" + name(c.policy) + "_" + std::to_string(c.threads) + "threads";
}

std::vector<launch_case> all_launch_cases() {
    std::vector<launch_case> cases;
    for (auto s : {scheduler::round_robin, scheduler::shared_work, scheduler::work_stealing,
                   scheduler::user_priority})
        for (auto p : {boost::fibers::launch::post, boost::fibers::launch::dispatch})
            cases.push_back({s, p, s == scheduler::shared_work || s == scheduler::work_stealing ? 2u : 1u});
    return cases;
}

void run_in_fibers(scheduler s, unsigned threads, const std::function<void()>& body) {
    std::exception_ptr error;
    std::thread main_thread([&] {
        try {
            switch (s) {
                case scheduler::round_robin:
                    run_with<algo::round_robin>(1, body);
                    break;
                case scheduler::shared_work:
                    run_with<algo::shared_work>(threads, body);
                    break;
                case scheduler::work_stealing:
                    run_with<algo::work_stealing>(threads, body);
                    break;
                case scheduler::user_priority:
                    boost::fibers::use_scheduling_algorithm<example::priority_scheduler>();
                    body();
                    break;
            }
        } catch (...) {
            error = std::current_exception();
        }
    });
    main_thread.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace fiberlog::test
