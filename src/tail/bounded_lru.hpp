#pragma once

// A map that keeps at most a fixed number of entries, forgetting the least recently used:
// what keeps --follow's memory bounded however long it runs.

#include <cstddef>
#include <list>
#include <unordered_map>
#include <utility>

namespace fiberlog::tail {

template <class Key, class Value>
class bounded_lru {
public:
    explicit bounded_lru(std::size_t capacity) : capacity_(capacity) {}

    // The value of `key`, now the most recently used; nullptr when absent.
    Value* find(const Key& key) {
        const auto it = index_.find(key);
        if (it == index_.end()) return nullptr;
        items_.splice(items_.begin(), items_, it->second);
        return &it->second->second;
    }

    // Sets `key` to `value`, now the most recently used; forgets the least recently used
    // entry when there are more than the capacity.
    void put(const Key& key, Value value) {
        if (Value* existing = find(key)) {
            *existing = std::move(value);
            return;
        }
        items_.emplace_front(key, std::move(value));
        index_.emplace(key, items_.begin());
        if (items_.size() > capacity_) {
            index_.erase(items_.back().first);
            items_.pop_back();
        }
    }

    std::size_t size() const noexcept { return items_.size(); }

private:
    using item_list = std::list<std::pair<Key, Value>>;  // most recently used first

    std::size_t capacity_;
    item_list items_;
    std::unordered_map<Key, typename item_list::iterator> index_;
};

}  // namespace fiberlog::tail
