// Fault decisions (see fault_injector.h).
#include "fault_injector.h"

#include "random.h"

namespace backlog::emulator {

Fault FaultInjector::decide(uint64_t seed, double rate, uint64_t n) {
  if (rate <= 0) return Fault::None;
  const uint64_t h = mix_hash(seed ^ 0xFA17FA17ULL, n);
  const double u = static_cast<double>(h >> 11) * (1.0 / 9007199254740992.0);
  if (u >= rate) return Fault::None;
  switch (h % 3) {
    case 0: return Fault::Status500;
    case 1: return Fault::Status503;
    default: return Fault::Drop;
  }
}

Fault FaultInjector::next() {
  if (rate_ <= 0) return Fault::None;
  return decide(seed_, rate_, ++count_);
}

}  // namespace backlog::emulator
