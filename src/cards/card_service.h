#pragma once
// Cards: a title, the dataset the code reads as `df` (plus extra datasets by alias), Python code
// and display options. The rules for creating, reading, changing and deleting them; who may do
// what is card_access.h. Knows nothing of HTTP (src/api/card_routes.cpp).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cards/card_access.h"
#include "common/status.h"
#include "repo/repositories.h"
#include "store/metadata_store.h"

namespace bi::cards {

// The fields a caller sets; absent ones are left as they are (on update) or empty (on create).
struct CardDraft {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> dataset_id;
  std::optional<std::map<std::string, std::string>> extra_datasets;  // alias -> dataset id
  std::optional<std::string> code;
  std::optional<nlohmann::json> display;  // an object
  // {"cron", "timeZone"} (scheduler/refresh_schedule.h), or JSON null to remove the schedule.
  std::optional<nlohmann::json> refresh_schedule;
};

struct CardView {
  repo::Card card;
  bool read_only = false;  // reached through a dashboard shared for viewing only
  Access access = Access::kOwner;
};

inline constexpr size_t kMaxCodeBytes = 256 * 1024;
inline constexpr size_t kMaxExtraDatasets = 8;

class CardService {
 public:
  CardService(store::MetadataStore& store, repo::Clock clock = repo::SystemNowMs);

  // Title, dataset and code required; every dataset must be one the viewer can read.
  Result<repo::Card> Create(const Viewer& viewer, const CardDraft& draft);
  // kNotFound unless the viewer may read it.
  Result<CardView> Get(const Viewer& viewer, const std::string& card_id);
  // Own cards (newest first), then those on dashboards shared with the viewer.
  Result<std::vector<CardView>> List(const Viewer& viewer);
  // Owner, admins and editors of a dashboard it is on (kPermissionDenied for viewers); 409 on a
  // stale version.
  Result<repo::Card> Update(const Viewer& viewer, const std::string& card_id,
                            const CardDraft& draft, int64_t version);
  // Owner and admins only.
  Status Delete(const Viewer& viewer, const std::string& card_id,
                std::optional<int64_t> expected_version);

  // A dataset the viewer may use in a card they write: their own, or any for admins.
  Result<repo::Dataset> UsableDataset(const Viewer& viewer, const std::string& dataset_id);

  CardAccess& access() { return access_; }

 private:
  // `before`: the stored card on update (its datasets stay allowed), null on create.
  Status Validate(const Viewer& viewer, const repo::Card& card, const repo::Card* before);

  repo::Clock clock_;  // when a schedule next fires is computed from it
  repo::CardRepository cards_;
  repo::DatasetRepository datasets_;
  CardAccess access_;
};

// The card as the API shows it.
nlohmann::json CardJson(const CardView& view);
// Checks an alias for an extra dataset: a Python identifier that does not shadow what the card
// sees (`df`, `params`, `pd`, `np`, `plt`, `go`, `result`).
Status ValidAlias(const std::string& alias);

}  // namespace bi::cards
