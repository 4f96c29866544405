#include <fiberlog/detail/idle_wait.hpp>

namespace fiberlog::detail {

void idle_wait::sleep_until(std::chrono::steady_clock::time_point const& tp) noexcept {
    std::unique_lock<std::mutex> lk{mtx_};
    if (tp == (std::chrono::steady_clock::time_point::max)())
        cnd_.wait(lk, [this] { return flag_; });
    else
        cnd_.wait_until(lk, tp, [this] { return flag_; });
    flag_ = false;
}

void idle_wait::wake() noexcept {
    {
        std::lock_guard<std::mutex> lk{mtx_};
        flag_ = true;
    }
    cnd_.notify_all();
}

}  // namespace fiberlog::detail
