#pragma once
// The effective permission of a user on a dashboard: the strongest of being its owner, an
// admin, a direct share and the shares to the groups they belong to. Read from the store on
// every call, so removing a share or a group member takes effect on the next request.

#include <map>
#include <string>

#include "common/status.h"
#include "repo/repositories.h"
#include "repo/viewer.h"
#include "store/metadata_store.h"

namespace bi::sharing {

using repo::Viewer;

// Ordered: each level includes the ones before it.
enum class Permission {
  kNone,
  kView,    // see and run it, its cards and the data they use
  kEdit,    // also change its layout, filters and the cards placed on it
  kManage,  // also share and delete it: the owner and admins
};

const char* PermissionName(Permission p);  // "none" | "view" | "edit" | "owner"
Permission FromShare(repo::Permission p);

class DashboardAccess {
 public:
  explicit DashboardAccess(store::MetadataStore& store);

  // Dashboards shared with the user, directly or through a group, with the strongest share.
  Result<std::map<std::string, Permission>> SharedWith(const std::string& user_id);
  Result<Permission> For(const Viewer& viewer, const repo::Dashboard& dashboard);

 private:
  repo::MemberRepository members_;
  repo::ShareRepository shares_;
};

// Calls `visit` for every item of a paged query.
template <typename T, typename Query, typename Visit>
Status ForEachItem(Query query, Visit visit) {
  repo::PageRequest page;
  page.limit = 1000;
  do {
    auto got = query(page);
    if (!got.ok()) return got.status();
    for (const T& item : got->items) visit(item);
    page.cursor = got->cursor;
  } while (!page.cursor.empty());
  return Status::Ok();
}

}  // namespace bi::sharing
