#include "repo/entities.h"

namespace bi::repo {
namespace {

using AV = AttributeValue;

// Reads typed fields from an item, remembering the first problem.
class Fields {
 public:
  explicit Fields(const Item& item) : item_(item) {}

  void Str(const char* name, std::string* out, bool required = true) {
    const AV* v = Find(name, required);
    if (!v) return;
    if (v->is_string())
      *out = v->s();
    else
      Fail(name, "a string");
  }
  void Int(const char* name, int64_t* out, bool required = true) {
    const AV* v = Find(name, required);
    if (!v) return;
    auto i = v->is_number() ? v->n().ToInt64() : std::nullopt;
    if (i)
      *out = *i;
    else
      Fail(name, "an integer");
  }
  void Bool(const char* name, bool* out) {
    const AV* v = Find(name, false);
    if (!v) return;
    if (v->is_bool())
      *out = v->b();
    else
      Fail(name, "a bool");
  }
  void List(const char* name, AV* out) {
    const AV* v = Find(name, false);
    if (!v) return;
    if (v->is_list())
      *out = *v;
    else
      Fail(name, "a list");
  }
  void Map(const char* name, AV* out) {
    const AV* v = Find(name, false);
    if (!v) return;
    if (v->is_map())
      *out = *v;
    else
      Fail(name, "a map");
  }
  void Times(Versioned* e) {
    Int("createdAt", &e->created_at);
    Int("updatedAt", &e->updated_at, false);
    Int("version", &e->version);
  }
  void Fail(const char* name, const char* what) {
    if (status_.ok()) {
      status_ = Status::Corruption(std::string("stored attribute '") + name + "' is not " + what);
    }
  }
  Status status() const { return status_; }

 private:
  const AV* Find(const char* name, bool required) {
    auto it = item_.find(name);
    if (it != item_.end()) return &it->second;
    if (required && status_.ok()) {
      status_ = Status::Corruption(std::string("stored item lacks attribute '") + name + "'");
    }
    return nullptr;
  }
  const Item& item_;
  Status status_;
};

void PutTimes(Item& item, const Versioned& e) {
  item["createdAt"] = AV::N(e.created_at);
  item["updatedAt"] = AV::N(e.updated_at);
  item["version"] = AV::N(e.version);
}

// Empty optional strings are left out (an empty string may not be an index key).
void PutOptional(Item& item, const char* name, const std::string& value) {
  if (!value.empty()) item[name] = AV::S(value);
}

}  // namespace

const char* RoleName(Role role) {
  return role == Role::kAdmin ? "admin" : "member";
}
const char* ShareTargetName(ShareTarget t) {
  return t == ShareTarget::kGroup ? "group" : "user";
}
const char* PermissionName(Permission p) {
  return p == Permission::kEdit ? "edit" : "view";
}

Item ToItem(const User& e) {
  Item item = {{"userId", AV::S(e.user_id)},
               {"name", AV::S(e.name)},
               {"role", AV::S(RoleName(e.role))},
               {"disabled", AV::Bool(e.disabled)},
               {"passwordHash", AV::S(e.password_hash)},
               {"revokedTokens", e.revoked_tokens}};
  PutOptional(item, "email", e.email);
  PutTimes(item, e);
  return item;
}

Status FromItem(const Item& item, User* e) {
  Fields f(item);
  std::string role;
  f.Str("userId", &e->user_id);
  f.Str("email", &e->email, false);
  f.Str("name", &e->name, false);
  f.Str("role", &role);
  f.Bool("disabled", &e->disabled);
  f.Str("passwordHash", &e->password_hash, false);
  f.Map("revokedTokens", &e->revoked_tokens);
  f.Times(e);
  if (role == "admin")
    e->role = Role::kAdmin;
  else if (role == "member")
    e->role = Role::kMember;
  else
    f.Fail("role", "admin or member");
  return f.status();
}

Item ToItem(const Dataset& e) {
  Item item = {{"datasetId", AV::S(e.dataset_id)},
               {"ownerId", AV::S(e.owner_id)},
               {"name", AV::S(e.name)},
               {"description", AV::S(e.description)},
               {"schema", e.schema},
               {"rowCount", AV::N(e.row_count)},
               {"sourceBytes", AV::N(e.source_bytes)},
               {"storedBytes", AV::N(e.stored_bytes)},
               {"sourceEncoding", AV::S(e.source_encoding)},
               {"delimiter", AV::S(e.delimiter)},
               {"dataVersion", AV::N(e.data_version)},
               {"dataPrefix", AV::S(e.data_prefix)},
               {"dataGeneration", AV::S(e.data_generation)}};
  PutTimes(item, e);
  return item;
}

Status FromItem(const Item& item, Dataset* e) {
  Fields f(item);
  f.Str("datasetId", &e->dataset_id);
  f.Str("ownerId", &e->owner_id);
  f.Str("name", &e->name, false);
  f.Str("description", &e->description, false);
  f.List("schema", &e->schema);
  f.Int("rowCount", &e->row_count, false);
  f.Int("sourceBytes", &e->source_bytes, false);
  f.Int("storedBytes", &e->stored_bytes, false);
  f.Str("sourceEncoding", &e->source_encoding, false);
  f.Str("delimiter", &e->delimiter, false);
  f.Int("dataVersion", &e->data_version, false);
  f.Str("dataPrefix", &e->data_prefix, false);
  f.Str("dataGeneration", &e->data_generation, false);
  f.Times(e);
  return f.status();
}

Item ToItem(const Card& e) {
  Item item = {{"cardId", AV::S(e.card_id)},
               {"ownerId", AV::S(e.owner_id)},
               {"title", AV::S(e.title)},
               {"description", AV::S(e.description)},
               {"datasetId", AV::S(e.dataset_id)},
               {"extraDatasets", e.extra_datasets},
               {"code", AV::S(e.code)},
               {"display", e.display}};
  if (e.refresh_schedule.is_map()) {
    item["refreshSchedule"] = e.refresh_schedule;
    item["nextRefreshAt"] = AV::N(e.next_refresh_at);
  }
  PutTimes(item, e);
  return item;
}

Status FromItem(const Item& item, Card* e) {
  Fields f(item);
  f.Str("cardId", &e->card_id);
  f.Str("ownerId", &e->owner_id);
  f.Str("title", &e->title, false);
  f.Str("description", &e->description, false);
  f.Str("datasetId", &e->dataset_id, false);
  f.Map("extraDatasets", &e->extra_datasets);
  f.Str("code", &e->code, false);
  f.Map("display", &e->display);
  f.Map("refreshSchedule", &e->refresh_schedule);
  f.Int("nextRefreshAt", &e->next_refresh_at, false);
  f.Times(e);
  return f.status();
}

Item ToItem(const Dashboard& e) {
  Item item = {{"dashboardId", AV::S(e.dashboard_id)},
               {"ownerId", AV::S(e.owner_id)},
               {"name", AV::S(e.name)},
               {"description", AV::S(e.description)},
               {"layout", e.layout},
               {"filters", e.filters}};
  if (e.refresh_schedule.is_map()) {
    item["refreshSchedule"] = e.refresh_schedule;
    item["nextRefreshAt"] = AV::N(e.next_refresh_at);
  }
  PutTimes(item, e);
  return item;
}

Status FromItem(const Item& item, Dashboard* e) {
  Fields f(item);
  f.Str("dashboardId", &e->dashboard_id);
  f.Str("ownerId", &e->owner_id);
  f.Str("name", &e->name, false);
  f.Str("description", &e->description, false);
  f.List("layout", &e->layout);
  f.List("filters", &e->filters);
  f.Map("refreshSchedule", &e->refresh_schedule);
  f.Int("nextRefreshAt", &e->next_refresh_at, false);
  f.Times(e);
  return f.status();
}

Item ToItem(const FilterView& e) {
  Item item = {{"filterViewId", AV::S(e.filter_view_id)},
               {"dashboardId", AV::S(e.dashboard_id)},
               {"ownerId", AV::S(e.owner_id)},
               {"name", AV::S(e.name)},
               {"values", e.values},
               {"shared", AV::Bool(e.shared)}};
  PutTimes(item, e);
  return item;
}

Status FromItem(const Item& item, FilterView* e) {
  Fields f(item);
  f.Str("filterViewId", &e->filter_view_id);
  f.Str("dashboardId", &e->dashboard_id);
  f.Str("ownerId", &e->owner_id, false);
  f.Str("name", &e->name, false);
  f.Map("values", &e->values);
  f.Bool("shared", &e->shared);
  f.Times(e);
  return f.status();
}

Item ToItem(const Group& e) {
  Item item = {{"groupId", AV::S(e.group_id)}, {"description", AV::S(e.description)}};
  PutOptional(item, "name", e.name);
  PutTimes(item, e);
  return item;
}

Status FromItem(const Item& item, Group* e) {
  Fields f(item);
  f.Str("groupId", &e->group_id);
  f.Str("name", &e->name, false);
  f.Str("description", &e->description, false);
  f.Times(e);
  return f.status();
}

Item ToItem(const GroupMember& e) {
  return {
      {"groupId", AV::S(e.group_id)}, {"userId", AV::S(e.user_id)}, {"addedAt", AV::N(e.added_at)}};
}

Status FromItem(const Item& item, GroupMember* e) {
  Fields f(item);
  f.Str("groupId", &e->group_id);
  f.Str("userId", &e->user_id);
  f.Int("addedAt", &e->added_at, false);
  return f.status();
}

Item ToItem(const DashboardShare& e) {
  Item item = {{"shareId", AV::S(e.share_id)},
               {"dashboardId", AV::S(e.dashboard_id)},
               {"sharedToId", AV::S(e.shared_to_id)},
               {"sharedToType", AV::S(ShareTargetName(e.shared_to_type))},
               {"permission", AV::S(PermissionName(e.permission))},
               {"createdBy", AV::S(e.created_by)}};
  PutTimes(item, e);
  return item;
}

Status FromItem(const Item& item, DashboardShare* e) {
  Fields f(item);
  std::string type, permission;
  f.Str("shareId", &e->share_id);
  f.Str("dashboardId", &e->dashboard_id);
  f.Str("sharedToId", &e->shared_to_id);
  f.Str("sharedToType", &type);
  f.Str("permission", &permission);
  f.Str("createdBy", &e->created_by, false);
  f.Times(e);
  if (type == "group")
    e->shared_to_type = ShareTarget::kGroup;
  else if (type == "user")
    e->shared_to_type = ShareTarget::kUser;
  else
    f.Fail("sharedToType", "user or group");
  if (permission == "edit")
    e->permission = Permission::kEdit;
  else if (permission == "view")
    e->permission = Permission::kView;
  else
    f.Fail("permission", "view or edit");
  return f.status();
}

}  // namespace bi::repo
