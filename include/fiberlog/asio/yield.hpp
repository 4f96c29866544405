#pragma once

#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include <boost/asio/async_result.hpp>
#include <boost/fiber/context.hpp>
#include <boost/fiber/detail/spinlock.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

#include <fiberlog/export.hpp>

namespace fiberlog::asio {

/// The type of fiberlog::asio::yield, an Asio completion token: see there.
class yield_t {
public:
    constexpr yield_t() noexcept = default;

    /// The token that stores the operation's error in `ec` (cleared on success) instead of
    /// throwing. `ec` must outlive the operation's initiating call.
    constexpr yield_t operator[](boost::system::error_code& ec) const noexcept {
        yield_t bound;
        bound.ec_ = &ec;
        return bound;
    }

    /// Where the error goes: null means "throw it".
    constexpr boost::system::error_code* error_target() const noexcept { return ec_; }

private:
    boost::system::error_code* ec_ = nullptr;
};

/// A completion token that suspends only the calling fiber until the operation completes and
/// returns its result: `std::size_t n = sock.async_read_some(buf, fiberlog::asio::yield);`.
/// The thread goes on running other fibers and I/O meanwhile. On error it throws
/// boost::system::system_error; `fiberlog::asio::yield[ec]` stores the error in `ec` instead
/// and returns what the operation gave. A result of several values comes as a std::tuple.
///
/// Works with any Asio or Beast initiating function (composed operations included), from
/// any fiber: the fiber keeps its id and context. The operation may complete on another
/// thread (an I/O object of another io_context): the fiber is woken on its own. The fiber
/// must be one the io_context's thread does not need to run io->run(): not the main context
/// that runs it (see round_robin).
inline constexpr yield_t yield{};

namespace detail {

/// Where a fiber waits for its operation: on the fiber's own stack, for the one call.
class FIBERLOG_API yield_wait {
public:
    /// Remembers the calling fiber.
    yield_wait() noexcept;
    yield_wait(const yield_wait&) = delete;
    yield_wait& operator=(const yield_wait&) = delete;

    /// Suspends the calling fiber until complete(); returns at once if it already happened.
    void wait() noexcept;
    /// From the completion handler, on any thread: wakes the fiber. The last touch of *this.
    void complete() noexcept;

private:
    enum class state { started, waiting, done };
    boost::fibers::context* fiber_;
    boost::fibers::detail::spinlock lock_;
    state state_ = state::started;
};

template <class T>
using is_error_code = std::is_same<std::decay_t<T>, boost::system::error_code>;

// The values a completion signature delivers, without a leading error_code.
template <class... Args>
struct values_of {
    static constexpr bool has_error = false;
    using type = std::tuple<std::decay_t<Args>...>;
};
template <class First, class... Rest>
struct values_of<First, Rest...> {
    static constexpr bool has_error = is_error_code<First>::value;
    using type = std::conditional_t<has_error, std::tuple<std::decay_t<Rest>...>,
                                    std::tuple<std::decay_t<First>, std::decay_t<Rest>...>>;
};

// What the initiating function returns: nothing, the one value, or a tuple of them.
template <class Tuple>
struct return_of {
    using type = Tuple;
};
template <>
struct return_of<std::tuple<>> {
    using type = void;
};
template <class T>
struct return_of<std::tuple<T>> {
    using type = T;
};

// The operation's result, on the waiting fiber's stack; the handler fills it, then wakes.
template <class... Args>
struct yield_result {
    using values = typename values_of<Args...>::type;
    yield_wait waiter;
    boost::system::error_code ec;
    std::optional<values> value;  // optional: a result may have no default constructor

    template <class... Vs>
    void set(Vs&&... vs) {
        if constexpr (values_of<Args...>::has_error) {
            store_error(std::forward<Vs>(vs)...);
        } else {
            value.emplace(std::forward<Vs>(vs)...);
        }
        waiter.complete();
    }

    template <class E, class... Vs>
    void store_error(E&& e, Vs&&... vs) {
        ec = e;
        value.emplace(std::forward<Vs>(vs)...);
    }

    typename return_of<values>::type take() {
        if constexpr (std::tuple_size_v<values> == 1) {
            return std::move(std::get<0>(*value));
        } else if constexpr (std::tuple_size_v<values> > 1) {
            return std::move(*value);
        }
    }
};

// The completion handler Asio calls: copyable, so that any initiating function accepts it.
template <class... Args>
class yield_handler {
public:
    explicit yield_handler(yield_result<Args...>* result) noexcept : result_(result) {}

    void operator()(Args... args) { result_->set(std::forward<Args>(args)...); }

private:
    yield_result<Args...>* result_;
};

}  // namespace detail
}  // namespace fiberlog::asio

namespace boost::asio {

/// Makes fiberlog::asio::yield an Asio completion token: the initiating function starts the
/// operation, suspends the calling fiber until the handler runs, and returns the result.
template <class... Args>
class async_result<fiberlog::asio::yield_t, void(Args...)> {
    using result_type = fiberlog::asio::detail::yield_result<Args...>;

public:
    using return_type = typename fiberlog::asio::detail::return_of<
        typename fiberlog::asio::detail::values_of<Args...>::type>::type;

    template <class Initiation, class Token, class... InitArgs>
    static return_type initiate(Initiation&& initiation, Token&& token, InitArgs&&... args) {
        const fiberlog::asio::yield_t bound = token;
        result_type result;
        std::forward<Initiation>(initiation)(
            fiberlog::asio::detail::yield_handler<Args...>{&result},
            std::forward<InitArgs>(args)...);
        result.waiter.wait();
        if constexpr (fiberlog::asio::detail::values_of<Args...>::has_error) {
            if (boost::system::error_code* target = bound.error_target()) {
                *target = result.ec;
            } else if (result.ec) {
                throw boost::system::system_error(result.ec);
            }
        }
        return result.take();
    }
};

}  // namespace boost::asio
