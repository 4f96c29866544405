// The context API on a plain thread (no fibers): put/get/remove/clear, scoped, attach,
// snapshot, wrap, key validation, and the context class with its renderings.

#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <fiberlog/fiberlog.hpp>

namespace {

using fiberlog::value;

class context_api : public ::testing::Test {
protected:
    void SetUp() override { fiberlog::clear(); }
    void TearDown() override { fiberlog::clear(); }
};

TEST_F(context_api, put_get_remove) {
    fiberlog::put("request_id", "r-1");
    fiberlog::put("attempt", 2);
    EXPECT_EQ(fiberlog::get("request_id"), value{"r-1"});
    EXPECT_EQ(fiberlog::get("attempt"), value{std::int64_t{2}});
    EXPECT_EQ(fiberlog::get("missing"), std::nullopt);
    EXPECT_TRUE(fiberlog::remove("request_id"));
    EXPECT_FALSE(fiberlog::remove("request_id"));
    EXPECT_EQ(fiberlog::get("request_id"), std::nullopt);
    EXPECT_EQ(fiberlog::get("attempt"), value{std::int64_t{2}});
}

TEST_F(context_api, find_reads_without_copying_until_the_next_change) {
    fiberlog::put("user", "alice");
    fiberlog::put("attempt", 2);
    const value* user = fiberlog::find("user");
    ASSERT_NE(user, nullptr);
    EXPECT_EQ(*user, value{"alice"});
    EXPECT_EQ(fiberlog::find("user"), user);  // the same stored value, not a copy
    EXPECT_EQ(fiberlog::find("missing"), nullptr);
    EXPECT_EQ(fiberlog::find("bad key"), nullptr);  // never throws, like get()
    fiberlog::put("user", "bob");
    ASSERT_NE(fiberlog::find("user"), nullptr);
    EXPECT_EQ(*fiberlog::find("user"), value{"bob"});
    fiberlog::clear();
    EXPECT_EQ(fiberlog::find("user"), nullptr);
}

TEST_F(context_api, put_replaces_in_place_and_keeps_first_put_order) {
    fiberlog::put("a", 1);
    fiberlog::put("b", 2);
    fiberlog::put("a", 3);
    auto ctx = fiberlog::snapshot();
    ASSERT_EQ(ctx.size(), 2u);
    const std::vector<fiberlog::context::entry> pairs(ctx.begin(), ctx.end());
    ASSERT_EQ(pairs.size(), 2u);
    EXPECT_EQ(pairs[0].first, "a");
    EXPECT_EQ(pairs[0].second, value{std::int64_t{3}});
    EXPECT_EQ(pairs[1].first, "b");
    // A forward iterator that reaches end() after size() steps, both ways of stepping.
    auto it = ctx.begin();
    EXPECT_EQ((it++)->first, "a");
    EXPECT_EQ((++it), ctx.end());
    EXPECT_EQ(fiberlog::context{}.begin(), fiberlog::context{}.end());
}

TEST_F(context_api, clear_gives_a_fresh_empty_context_and_keeps_ids) {
    auto id = fiberlog::fiber_id();
    fiberlog::put("a", 1);
    fiberlog::clear();
    EXPECT_TRUE(fiberlog::snapshot().empty());
    EXPECT_EQ(fiberlog::fiber_id(), id);
}

TEST_F(context_api, a_snapshot_does_not_see_later_changes) {
    fiberlog::put("a", 1);
    auto before = fiberlog::snapshot();
    fiberlog::put("a", 2);
    fiberlog::put("b", true);
    EXPECT_EQ(before.get("a"), value{std::int64_t{1}});
    EXPECT_EQ(before.get("b"), std::nullopt);
    EXPECT_EQ(before.size(), 1u);
}

TEST_F(context_api, scoped_restores_the_previous_value) {
    fiberlog::put("user", "alice");
    {
        fiberlog::scoped s{"user", "bob"};
        EXPECT_EQ(fiberlog::get("user"), value{"bob"});
    }
    EXPECT_EQ(fiberlog::get("user"), value{"alice"});
}

TEST_F(context_api, scoped_restores_absence) {
    {
        fiberlog::scoped s{"step", 3};
        EXPECT_EQ(fiberlog::get("step"), value{std::int64_t{3}});
    }
    EXPECT_EQ(fiberlog::get("step"), std::nullopt);
    EXPECT_TRUE(fiberlog::snapshot().empty());
}

TEST_F(context_api, scoped_restores_when_leaving_by_exception) {
    fiberlog::put("user", "alice");
    try {
        fiberlog::scoped s{"user", "mallory"};
        throw std::runtime_error("boom");
    } catch (const std::runtime_error&) {
    }
    EXPECT_EQ(fiberlog::get("user"), value{"alice"});
}

TEST_F(context_api, scoped_keeps_other_changes_made_inside_it) {
    fiberlog::put("user", "alice");
    {
        fiberlog::scoped s{"user", "bob"};
        fiberlog::put("tenant", "acme");
    }
    EXPECT_EQ(fiberlog::get("user"), value{"alice"});
    EXPECT_EQ(fiberlog::get("tenant"), value{"acme"});
}

TEST_F(context_api, nested_scoped_on_one_key_unwind_in_order) {
    {
        fiberlog::scoped a{"k", 1};
        {
            fiberlog::scoped b{"k", 2};
            EXPECT_EQ(fiberlog::get("k"), value{std::int64_t{2}});
        }
        EXPECT_EQ(fiberlog::get("k"), value{std::int64_t{1}});
    }
    EXPECT_EQ(fiberlog::get("k"), std::nullopt);
}

TEST_F(context_api, attach_installs_a_snapshot_for_a_scope) {
    fiberlog::put("a", 1);
    auto other = fiberlog::context{}.with("b", 2);
    {
        auto guard = fiberlog::attach(other);
        EXPECT_EQ(fiberlog::get("a"), std::nullopt);
        EXPECT_EQ(fiberlog::get("b"), value{std::int64_t{2}});
        fiberlog::put("c", 3);  // changes inside the scope are dropped with it
    }
    EXPECT_EQ(fiberlog::get("a"), value{std::int64_t{1}});
    EXPECT_EQ(fiberlog::get("b"), std::nullopt);
    EXPECT_EQ(fiberlog::get("c"), std::nullopt);
}

TEST_F(context_api, wrap_carries_the_context_into_a_std_thread) {
    fiberlog::put("request_id", "r-42");
    auto task = fiberlog::wrap([](int x) {
        EXPECT_NE(fiberlog::fiber_id(), 0u);
        return std::get<std::string>(*fiberlog::get("request_id")) + ":" + std::to_string(x);
    });
    fiberlog::clear();
    std::string result;
    std::thread t([&] {
        fiberlog::put("thread_key", true);
        result = task(7);
        // The thread's own context is back after the call.
        EXPECT_EQ(fiberlog::get("request_id"), std::nullopt);
        EXPECT_EQ(fiberlog::get("thread_key"), value{true});
    });
    t.join();
    EXPECT_EQ(result, "r-42:7");
}

TEST_F(context_api, wrap_with_an_explicit_snapshot) {
    auto ctx = fiberlog::context{}.with("tenant", "acme");
    auto task = fiberlog::wrap(ctx, [] { return fiberlog::get("tenant"); });
    EXPECT_EQ(task(), value{"acme"});
    EXPECT_EQ(fiberlog::get("tenant"), std::nullopt);
}

TEST_F(context_api, invalid_keys_throw_naming_the_key_and_change_nothing) {
    fiberlog::put("ok", 1);
    auto before = fiberlog::snapshot();
    const std::string long_key(129, 'k');
    for (const std::string& key : {std::string(), long_key, std::string("has space"),
                                   std::string("a=b"), std::string("new\nline"),
                                   std::string("caf\xc3\xa9"), std::string("slash/key")}) {
        try {
            fiberlog::put(key, 1);
            ADD_FAILURE() << "put accepted \"" << key << "\"";
        } catch (const std::invalid_argument& e) {
            std::string what = e.what();
            EXPECT_NE(what.find("invalid context key"), std::string::npos) << what;
            if (key == "has space") {
                EXPECT_NE(what.find("\"has space\""), std::string::npos);
            }
            if (key == "new\nline") {
                EXPECT_NE(what.find("new\\nline"), std::string::npos);
            }
        }
        EXPECT_THROW(fiberlog::scoped(key, 1), std::invalid_argument);
        EXPECT_THROW((void)before.with(key, 1), std::invalid_argument);
        EXPECT_TRUE(fiberlog::snapshot().same(before));
    }
    EXPECT_NO_THROW(fiberlog::put(std::string(128, 'k'), 1));
    EXPECT_NO_THROW(fiberlog::put("Aa0_.-", 1));
}

TEST_F(context_api, remove_and_get_of_any_key_never_throw) {
    EXPECT_FALSE(fiberlog::remove("bad key"));
    EXPECT_EQ(fiberlog::get(""), std::nullopt);
}

TEST(context_class, empty_context_has_nothing) {
    fiberlog::context c;
    EXPECT_TRUE(c.empty());
    EXPECT_EQ(c.size(), 0u);
    EXPECT_EQ(c.begin(), c.end());
    EXPECT_EQ(c.serial(), 0u);
    EXPECT_EQ(c.text(), "");
    EXPECT_EQ(c.json(), "{}");
}

// Keys of every length class the comparison treats differently (1-3, 4-7, 8, 9-16 and
// longer bytes): each is found, and a key differing from it in any one byte, or one byte
// longer or shorter, is not.
TEST(context_class, find_matches_exact_keys_of_every_length) {
    for (std::size_t n = 1; n <= 128; ++n) {
        std::string key;
        for (std::size_t i = 0; i < n; ++i) key += static_cast<char>('a' + i % 26);
        auto c = fiberlog::context{}.with(key, static_cast<std::int64_t>(n));
        ASSERT_NE(c.find(key), nullptr) << key;
        EXPECT_EQ(*c.find(key), value{static_cast<std::int64_t>(n)});
        EXPECT_EQ(c.find(key.substr(0, n - 1)), nullptr) << key;
        EXPECT_EQ(c.find(key + "x"), nullptr) << key;
        for (std::size_t at = 0; at < n; ++at) {
            std::string near = key;
            near[at] = '_';
            EXPECT_EQ(c.find(near), nullptr) << near;
            auto both = c.with(near, -1);  // the near miss alongside: each finds its own
            ASSERT_NE(both.find(key), nullptr) << key;
            ASSERT_NE(both.find(near), nullptr) << near;
            EXPECT_EQ(*both.find(key), value{static_cast<std::int64_t>(n)});
            EXPECT_EQ(*both.find(near), value{std::int64_t{-1}});
        }
    }
}

TEST(context_class, with_and_without_leave_the_original_alone) {
    auto a = fiberlog::context{}.with("x", 1);
    auto b = a.with("y", 2);
    auto c = b.without("x");
    EXPECT_EQ(a.size(), 1u);
    EXPECT_EQ(b.size(), 2u);
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c.begin()->first, "y");
    EXPECT_TRUE(c.without("absent").same(c));
    EXPECT_TRUE(a.without("x").empty());
}

TEST(context_class, serials_are_unique_per_snapshot) {
    auto a = fiberlog::context{}.with("x", 1);
    auto b = fiberlog::context{}.with("x", 1);
    EXPECT_NE(a.serial(), 0u);
    EXPECT_NE(a.serial(), b.serial());
    EXPECT_EQ(a, b);  // same contents
    EXPECT_FALSE(a.same(b));
    auto copy = a;
    EXPECT_EQ(copy.serial(), a.serial());
}

TEST(context_class, text_rendering_quotes_only_what_needs_it) {
    auto c = fiberlog::context{}
                 .with("s", "plain")
                 .with("n", 42)
                 .with("d", 2.5)
                 .with("whole", 3.0)
                 .with("b", true)
                 .with("space", "a b")
                 .with("quote", "say \"hi\"")
                 .with("eq", "k=v")
                 .with("nl", "line1\nline2")
                 .with("num_string", "42")
                 .with("bool_string", "false")
                 .with("empty", "")
                 .with("brace", "}")
                 .with("utf8", "caf\xc3\xa9");
    EXPECT_EQ(c.text(),
              "s=plain n=42 d=2.5 whole=3.0 b=true space=\"a b\" quote=\"say \\\"hi\\\"\" "
              "eq=\"k=v\" nl=\"line1\\nline2\" num_string=\"42\" bool_string=\"false\" "
              "empty=\"\" brace=\"}\" utf8=caf\xc3\xa9");
}

TEST(context_class, json_rendering_keeps_types) {
    auto c = fiberlog::context{}
                 .with("s", "a\"b\\c\n\x01")
                 .with("n", -5)
                 .with("d", 0.5)
                 .with("whole", 3.0)
                 .with("b", false)
                 .with("bad_utf8", "\xff")
                 .with("nan", std::nan(""));
    EXPECT_EQ(c.json(),
              "{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"n\":-5,\"d\":0.5,\"whole\":3.0,"
              "\"b\":false,\"bad_utf8\":\"\\ufffd\",\"nan\":\"nan\"}");
}

TEST(context_class, renderings_are_cached_per_snapshot) {
    auto c = fiberlog::context{}.with("k", "v");
    EXPECT_EQ(c.text().data(), c.text().data());
    EXPECT_EQ(c.json().data(), c.json().data());
}

}  // namespace
