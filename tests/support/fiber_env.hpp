#pragma once

// Runs test bodies inside a fiber world: fresh threads that installed one of fiberlog's
// schedulers (or Boost's own), so every test starts from clean per-thread state.

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include <boost/fiber/policy.hpp>

namespace fiberlog::test {

// user_priority: examples/priority_scheduler.hpp, a user's algorithm_with_properties<P>
// scheduler with a fiberlog::lineage member (one thread).
enum class scheduler { round_robin, shared_work, work_stealing, user_priority };

std::string name(scheduler s);

// The kernel's id of the running thread. Not std::this_thread::get_id() in a fiber that may
// migrate: glibc declares pthread_self() const, so the compiler may reuse its value across a
// yield.
long current_thread();
std::string name(boost::fibers::launch p);

// Runs `body` on the main context of a new thread that installed `s`. Under shared_work
// and work_stealing, `threads - 1` helper threads install it too and take part until
// `body` returns. Rethrows what `body` threw.
void run_in_fibers(scheduler s, unsigned threads, const std::function<void()>& body);

// One case of the scheduler x launch-policy matrix the fiber tests run under.
struct launch_case {
    scheduler sched;
    boost::fibers::launch policy;
    unsigned threads;
};

std::string case_name(const launch_case& c);

// Every scheduler (2 threads for shared_work and work_stealing) with both launch policies,
// the user's priority scheduler included.
std::vector<launch_case> all_launch_cases();

// Lets GoogleTest print a case by name.
inline void PrintTo(const launch_case& c, std::ostream* os) { *os << case_name(c); }

}  // namespace fiberlog::test
