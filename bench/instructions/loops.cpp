// Fixed-count loops for bench/instructions/run.sh, which counts their instructions with
// callgrind: an exact, repeatable figure on a shared machine, next to Google Benchmark's
// times. usage: instruction_loops (launch_join|launch_join_traced|yield|get) (boost|fiberlog)
// COUNT
// `get` reads one of three keys inside a fiber: fiberlog::get against Boost's
// fiber_specific_ptr::get with three slots set.

#include <cstdlib>
#include <cstring>
#include <iostream>

#include <boost/fiber/all.hpp>

#include <fiberlog/fiberlog.hpp>

namespace {

void launch_join(int count) {
    for (int i = 0; i < count; ++i) boost::fibers::fiber([] {}).join();
}

// launch_join in a trace: each child gets a span of its own (Boost's loop is the same as
// launch_join's, for the side-by-side figure).
void launch_join_traced(bool fiberlog, int count) {
    if (!fiberlog) return launch_join(count);
    fiberlog::trace_scope scope{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"};
    launch_join(count);
}

void yield(int count) {
    bool stop = false;
    boost::fibers::fiber partner{[&] {
        while (!stop) boost::this_fiber::yield();
    }};
    for (int i = 0; i < count; ++i) boost::this_fiber::yield();
    stop = true;
    partner.join();
}

// Keeps a result alive without a library: the compiler must assume the asm reads it.
template <class T>
void keep(const T& result) {
    asm volatile("" : : "r"(&result) : "memory");
}

void get(bool fiberlog, int count) {
    boost::fibers::fiber([=] {
        if (fiberlog) {
            for (int i = 0; i < count; ++i) keep(fiberlog::get("user"));
            return;
        }
        static boost::fibers::fiber_specific_ptr<std::string> a, b, c;
        a.reset(new std::string("7f3a9c2e-5b1d"));
        b.reset(new std::string("alice"));
        c.reset(new std::string("2"));
        for (int i = 0; i < count; ++i) keep(b.get());
    }).join();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: instruction_loops (launch_join|launch_join_traced|yield|get) "
                     "(boost|fiberlog) COUNT\n";
        return 2;
    }
    const bool fiberlog = std::strcmp(argv[2], "fiberlog") == 0;
    const int count = std::atoi(argv[3]);
    if (fiberlog) {
        boost::fibers::use_scheduling_algorithm<fiberlog::algo::round_robin>();
        fiberlog::put("request_id", "7f3a9c2e-5b1d");  // the 3-key context of the goals
        fiberlog::put("user", "alice");
        fiberlog::put("attempt", 2);
    } else {
        boost::fibers::use_scheduling_algorithm<boost::fibers::algo::round_robin>();
    }
    if (std::strcmp(argv[1], "launch_join") == 0) launch_join(count);
    else if (std::strcmp(argv[1], "launch_join_traced") == 0) launch_join_traced(fiberlog, count);
    else if (std::strcmp(argv[1], "get") == 0) get(fiberlog, count);
    else yield(count);
}
