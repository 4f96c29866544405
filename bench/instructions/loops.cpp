// Fixed-count loops for bench/instructions/run.sh, which counts their instructions with
// callgrind: an exact, repeatable figure on a shared machine, next to Google Benchmark's
// times. usage: instruction_loops (launch_join|yield) (boost|fiberlog) COUNT

#include <cstdlib>
#include <cstring>
#include <iostream>

#include <boost/fiber/all.hpp>

#include <fiberlog/fiberlog.hpp>

namespace {

void launch_join(int count) {
    for (int i = 0; i < count; ++i) boost::fibers::fiber([] {}).join();
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

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: instruction_loops (launch_join|yield) (boost|fiberlog) COUNT\n";
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
    else yield(count);
}
