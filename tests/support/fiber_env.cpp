#include "fiber_env.hpp"

#include <exception>
#include <thread>
#include <vector>

#include <boost/fiber/all.hpp>

#include <fiberlog/fiberlog.hpp>

namespace fiberlog::test {
namespace {

void install(scheduler s, unsigned threads) {
    switch (s) {
        case scheduler::round_robin:
            boost::fibers::use_scheduling_algorithm<fiberlog::algo::round_robin>();
            break;
        case scheduler::shared_work:
            boost::fibers::use_scheduling_algorithm<fiberlog::algo::shared_work>();
            break;
        case scheduler::work_stealing:
            boost::fibers::use_scheduling_algorithm<fiberlog::algo::work_stealing>(threads);
            break;
    }
}

}  // namespace

std::string name(scheduler s) {
    switch (s) {
        case scheduler::round_robin: return "round_robin";
        case scheduler::shared_work: return "shared_work";
        case scheduler::work_stealing: return "work_stealing";
    }
    return "?";
}

std::string name(boost::fibers::launch p) {
    return p == boost::fibers::launch::post ? "post" : "dispatch";
}

std::string case_name(const launch_case& c) {
    return name(c.sched) + "_" + name(c.policy) + "_" + std::to_string(c.threads) + "threads";
}

void run_in_fibers(scheduler s, unsigned threads, const std::function<void()>& body) {
    if (s == scheduler::round_robin) threads = 1;
    std::exception_ptr error;
    bool done = false;
    boost::fibers::mutex mtx;
    boost::fibers::condition_variable cv;
    std::vector<std::thread> helpers;
    for (unsigned i = 1; i < threads; ++i) {
        helpers.emplace_back([&] {
            install(s, threads);
            std::unique_lock<boost::fibers::mutex> lk{mtx};
            cv.wait(lk, [&] { return done; });
        });
    }
    std::thread main_thread([&] {
        install(s, threads);
        try {
            body();
        } catch (...) {
            error = std::current_exception();
        }
        {
            std::unique_lock<boost::fibers::mutex> lk{mtx};
            done = true;
        }
        cv.notify_all();
    });
    main_thread.join();
    for (auto& t : helpers) t.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace fiberlog::test
