#pragma once
// The stored entities with the fields later features need, and their item encodings. Attribute
// names are the guide's camelCase key names (userId, ownerId, createdAt, ...); timestamps are
// epoch milliseconds stored as numbers, as the GSI key schemas require. Free-form payloads
// (schemas, layouts, filters, display options, filter values) are typed attribute values, so the
// API can return them as JSON (store::ToPlainJson) unchanged.

#include <cstdint>
#include <string>

#include "common/status.h"
#include "store/attribute_value.h"

namespace bi::repo {

using store::AttributeValue;
using store::Item;

// Fields every versioned entity has. `version` starts at 1 and grows by one per update; an
// update carrying an older version fails with kConflict.
struct Versioned {
  int64_t created_at = 0;  // createdAt
  int64_t updated_at = 0;  // updatedAt
  int64_t version = 0;     // version
};

enum class Role { kMember, kAdmin };
const char* RoleName(Role role);  // "member" | "admin"

struct User : Versioned {
  std::string user_id;
  std::string email;  // unique, stored lower-cased; UsersByEmail
  std::string name;
  Role role = Role::kMember;
  bool disabled = false;
  std::string password_hash;
  // Access tokens revoked by logout before they expire: jti -> exp (epoch seconds). Kept on
  // the user so every API instance sees a logout; expired entries are pruned on each logout.
  AttributeValue revoked_tokens = AttributeValue::M({});
};

struct Dataset : Versioned {
  std::string dataset_id;
  std::string owner_id;  // DatasetsByOwner (with createdAt)
  std::string name;
  std::string description;
  AttributeValue schema = AttributeValue::L({});  // list of maps: {name, type, nullable, ...}
  int64_t row_count = 0;
  int64_t source_bytes = 0;     // uploaded CSV size
  int64_t stored_bytes = 0;     // Parquet size
  std::string source_encoding;  // e.g. "utf-8", "cp932"
  std::string delimiter = ",";
  int64_t data_version = 0;     // 0: no data published yet
  std::string data_prefix;      // blob publication prefix, e.g. "datasets/{id}/data/"
  std::string data_generation;  // manifest generation of the current data
};

struct Card : Versioned {
  std::string card_id;
  std::string owner_id;  // CardsByOwner
  std::string title;
  std::string description;
  std::string dataset_id;
  AttributeValue extra_datasets = AttributeValue::M({});  // alias -> datasetId
  std::string code;
  AttributeValue display = AttributeValue::M({});  // display options
  // Scheduled refresh, as on Dashboard: {cron, timeZone} or null, and its next fire time.
  AttributeValue refresh_schedule;
  int64_t next_refresh_at = 0;
};

struct Dashboard : Versioned {
  std::string dashboard_id;
  std::string owner_id;  // DashboardsByOwner
  std::string name;
  std::string description;
  AttributeValue layout = AttributeValue::L({});   // list of maps: {cardId, x, y, w, h}
  AttributeValue filters = AttributeValue::L({});  // list of maps: {column, type, ...}
  // Scheduled refresh (docs/scheduler.md), kept on the record as the spec fixes the tables:
  // {cron, timeZone} or null, and when it next fires (epoch ms; 0 without a schedule).
  AttributeValue refresh_schedule;
  int64_t next_refresh_at = 0;
};

struct FilterView : Versioned {
  std::string filter_view_id;
  std::string dashboard_id;  // FilterViewsByDashboard
  std::string owner_id;
  std::string name;
  AttributeValue values = AttributeValue::M({});
  bool shared = false;  // visible to everyone who can view the dashboard
};

struct Group : Versioned {
  std::string group_id;
  std::string name;  // unique (case-insensitively); GroupsByName
  std::string description;
};

struct GroupMember {
  std::string group_id;  // table key: groupId + userId
  std::string user_id;   // MembersByUser
  int64_t added_at = 0;
};

enum class ShareTarget { kUser, kGroup };
enum class Permission { kView, kEdit };
const char* ShareTargetName(ShareTarget t);  // "user" | "group"
const char* PermissionName(Permission p);    // "view" | "edit"

struct DashboardShare : Versioned {
  std::string share_id;
  std::string dashboard_id;  // SharesByDashboard
  std::string shared_to_id;  // SharesByTarget
  ShareTarget shared_to_type = ShareTarget::kUser;
  Permission permission = Permission::kView;
  std::string created_by;
};

// Item encodings. FromItem fails with kCorruption on a missing or mistyped required field.
Item ToItem(const User& e);
Item ToItem(const Dataset& e);
Item ToItem(const Card& e);
Item ToItem(const Dashboard& e);
Item ToItem(const FilterView& e);
Item ToItem(const Group& e);
Item ToItem(const GroupMember& e);
Item ToItem(const DashboardShare& e);

Status FromItem(const Item& item, User* e);
Status FromItem(const Item& item, Dataset* e);
Status FromItem(const Item& item, Card* e);
Status FromItem(const Item& item, Dashboard* e);
Status FromItem(const Item& item, FilterView* e);
Status FromItem(const Item& item, Group* e);
Status FromItem(const Item& item, GroupMember* e);
Status FromItem(const Item& item, DashboardShare* e);

}  // namespace bi::repo
