// Deliberate failures (--fail-rate): the n-th request (counted from 1 in arrival order)
// fails when hash(seed, n) falls under the rate, so one seed always fails the same
// request numbers. A failure is a 500, a 503 or a dropped connection, chosen by the hash.
#pragma once

#include <atomic>
#include <cstdint>

namespace backlog::emulator {

enum class Fault { None, Status500, Status503, Drop };

class FaultInjector {
 public:
  FaultInjector(uint64_t seed, double rate) : seed_(seed), rate_(rate) {}
  Fault next();                         // decides for the next request
  static Fault decide(uint64_t seed, double rate, uint64_t n);

 private:
  uint64_t seed_;
  double rate_;
  std::atomic<uint64_t> count_{0};
};

}  // namespace backlog::emulator
