#pragma once
// Who a rule is checked for: the signed-in user and whether they are an admin. Services take it
// instead of the whole auth caller, so they stay independent of how the user signed in.

#include <string>

namespace bi::repo {

struct Viewer {
  std::string user_id;
  bool admin = false;
};

}  // namespace bi::repo
