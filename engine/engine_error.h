// The error the engine's internals throw; Session adds the statement's context
// (line/column, first line, target) before reporting it.
#pragma once

#include <stdexcept>

namespace backlog::engine {

class EngineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace backlog::engine
