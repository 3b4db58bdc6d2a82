// A tiny deterministic random generator for the emulator's dataset and fault injection.
//
// std::uniform_int_distribution differs between standard libraries, so the same seed
// could give different data on another machine; SplitMix64 plus our own range mapping
// gives identical ids, texts and dates everywhere for a given --seed.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace backlog::emulator {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL) {}

  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform integer in [lo, hi] (inclusive); lo <= hi.
  int64_t range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
  }
  // Uniform double in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  bool chance(double p) { return unit() < p; }
  template <typename T>
  const T& pick(const std::vector<T>& v) { return v[static_cast<size_t>(range(0, static_cast<int64_t>(v.size()) - 1))]; }

 private:
  uint64_t state_;
};

// Stateless hash of (seed, n): used where a decision must not depend on call order
// within one generator (e.g. the n-th request's fault).
inline uint64_t mix_hash(uint64_t seed, uint64_t n) {
  Rng r(seed ^ (n * 0xD6E8FEB86659FD93ULL));
  return r.next();
}

}  // namespace backlog::emulator
