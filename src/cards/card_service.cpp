#include "cards/card_service.h"

#include "common/strings.h"

#include <algorithm>
#include <set>

#include "scheduler/schedule_fields.h"

namespace bi::cards {
namespace {

Status Invalid(const std::string& message, const char* field) {
  return Status::InvalidArgument(message, {{"field", field}});
}

Status NotFound() {
  return Status::NotFound("card not found");
}

// Applies the draft's fields that are set; `now_ms` dates a new schedule's next fire time.
Status Apply(const CardDraft& draft, repo::Card& card, int64_t now_ms) {
  if (draft.title) card.title = Trim(*draft.title);
  if (draft.description) card.description = *draft.description;
  if (draft.dataset_id) card.dataset_id = *draft.dataset_id;
  if (draft.code) card.code = *draft.code;
  if (draft.extra_datasets) {
    store::AttributeValue::Map extra;
    for (const auto& [alias, id] : *draft.extra_datasets) {
      extra.emplace(alias, store::AttributeValue::S(id));
    }
    card.extra_datasets = store::AttributeValue::M(std::move(extra));
  }
  if (draft.display) {
    if (!draft.display->is_object()) return Invalid("display must be an object", "display");
    if (draft.display->dump().size() > 16 * 1024)
      return Invalid("display is over 16 KB", "display");
    auto display = store::FromPlainJson(*draft.display);
    if (!display.ok()) return Invalid("display: " + display.status().message(), "display");
    card.display = std::move(display).value();
  }
  if (draft.refresh_schedule) {
    BI_RETURN_IF_ERROR(scheduler::ApplyRefreshSchedule(
        *draft.refresh_schedule, now_ms, &card.refresh_schedule, &card.next_refresh_at));
  }
  return Status::Ok();
}

}  // namespace

Status ValidAlias(const std::string& alias) {
  static const std::set<std::string> kTaken = {"df", "params", "pd", "np", "plt", "go", "result"};
  const bool identifier =
      !alias.empty() && alias.size() <= 64 && !std::isdigit(static_cast<unsigned char>(alias[0])) &&
      std::all_of(alias.begin(), alias.end(),
                  [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  if (!identifier) {
    return Invalid("alias '" + alias + "' must be a Python identifier (letters, digits, _)",
                   "extraDatasets");
  }
  if (kTaken.count(alias)) {
    return Invalid("alias '" + alias + "' is taken by what every card sees", "extraDatasets");
  }
  return Status::Ok();
}

CardService::CardService(store::MetadataStore& store, repo::Clock clock)
    : clock_(clock), cards_(store, clock), datasets_(store, clock), access_(store) {}

Result<repo::Dataset> CardService::UsableDataset(const Viewer& viewer,
                                                 const std::string& dataset_id) {
  auto d = datasets_.Get(dataset_id);
  const bool visible = d.ok() && (viewer.admin || d->owner_id == viewer.user_id);
  if (!visible && (d.ok() || d.status().code() == ErrorCode::kNotFound)) {
    return Status(ErrorCode::kNotFound, "dataset " + dataset_id + " not found",
                  {{"datasetId", dataset_id}});
  }
  return d;
}

Status CardService::Validate(const Viewer& viewer, const repo::Card& card,
                             const repo::Card* before) {
  // Datasets the card already used stay allowed: an editor of a shared dashboard may change
  // the code of a card whose data belongs to its owner.
  auto usable = [&](const std::string& id) -> Status {
    if (before && before->dataset_id == id) return Status::Ok();
    if (before) {
      for (const auto& [alias, old] : before->extra_datasets.m()) {
        if (old.is_string() && old.s() == id) return Status::Ok();
      }
    }
    return UsableDataset(viewer, id).status();
  };
  if (card.title.empty()) return Invalid("title is required", "title");
  if (card.title.size() > 200) return Invalid("title is over 200 characters", "title");
  if (card.description.size() > 4000)
    return Invalid("description is over 4000 characters", "description");
  if (Trim(card.code).empty()) return Invalid("code is required", "code");
  if (card.code.size() > kMaxCodeBytes) return Invalid("code is over 256 KB", "code");
  if (card.dataset_id.empty()) return Invalid("datasetId is required", "datasetId");
  BI_RETURN_IF_ERROR(usable(card.dataset_id));
  if (card.extra_datasets.m().size() > kMaxExtraDatasets)
    return Invalid("at most 8 extra datasets", "extraDatasets");
  for (const auto& [alias, id] : card.extra_datasets.m()) {
    BI_RETURN_IF_ERROR(ValidAlias(alias));
    BI_RETURN_IF_ERROR(usable(id.s()));
  }
  return Status::Ok();
}

Result<repo::Card> CardService::Create(const Viewer& viewer, const CardDraft& draft) {
  repo::Card card;
  card.owner_id = viewer.user_id;
  BI_RETURN_IF_ERROR(Apply(draft, card, clock_()));
  BI_RETURN_IF_ERROR(Validate(viewer, card, nullptr));
  return cards_.Create(std::move(card));
}

Result<CardView> CardService::Get(const Viewer& viewer, const std::string& card_id) {
  auto card = cards_.Get(card_id);
  if (!card.ok()) return card.status().code() == ErrorCode::kNotFound ? NotFound() : card.status();
  auto access = access_.For(viewer, *card);
  if (!access.ok()) return access.status();
  if (*access == Access::kNone) return NotFound();
  return CardView{std::move(card).value(), *access == Access::kRead, *access};
}

Result<std::vector<CardView>> CardService::List(const Viewer& viewer) {
  std::vector<CardView> out;
  std::set<std::string> seen;
  repo::PageRequest page;
  page.limit = 1000;
  do {
    auto own = cards_.ListByOwner(viewer.user_id, page);
    if (!own.ok()) return own.status();
    for (auto& c : own->items) {
      seen.insert(c.card_id);
      out.push_back({std::move(c), false, Access::kOwner});
    }
    page.cursor = own->cursor;
  } while (!page.cursor.empty());

  auto shared = access_.SharedCards(viewer.user_id);
  if (!shared.ok()) return shared.status();
  std::vector<std::string> ids;
  std::vector<Access> accesses;
  for (const auto& [id, access] : *shared) {
    if (seen.count(id)) continue;
    ids.push_back(id);
    accesses.push_back(access);
  }
  auto cards = cards_.GetMany(ids);
  if (!cards.ok()) return cards.status();
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!(*cards)[i]) continue;  // a placement of a deleted card
    const Access effective = viewer.admin ? Access::kOwner : accesses[i];
    out.push_back({*(*cards)[i], effective == Access::kRead, effective});
  }
  return out;
}

Result<repo::Card> CardService::Update(const Viewer& viewer, const std::string& card_id,
                                       const CardDraft& draft, int64_t version) {
  auto current = Get(viewer, card_id);
  if (!current.ok()) return current.status();
  if (current->access < Access::kEdit)
    return Status::PermissionDenied("this card is shared with you read-only");
  repo::Card card = current->card;
  BI_RETURN_IF_ERROR(Apply(draft, card, clock_()));
  BI_RETURN_IF_ERROR(Validate(viewer, card, &current->card));
  card.version = version;  // the version the caller read: a stale one is a 409
  return cards_.Update(std::move(card));
}

Status CardService::Delete(const Viewer& viewer, const std::string& card_id,
                           std::optional<int64_t> expected_version) {
  auto current = Get(viewer, card_id);
  if (!current.ok()) return current.status();
  if (current->access < Access::kOwner)
    return Status::PermissionDenied("only the card's owner or an admin can delete it");
  return cards_.Delete(card_id, expected_version);
}

nlohmann::json CardJson(const CardView& view) {
  const repo::Card& c = view.card;
  nlohmann::json out = {
      {"cardId", c.card_id},
      {"title", c.title},
      {"description", c.description},
      {"datasetId", c.dataset_id},
      {"extraDatasets", store::ToPlainJson(c.extra_datasets)},
      {"code", c.code},
      {"display", store::ToPlainJson(c.display)},
      {"ownerId", c.owner_id},
      {"readOnly", view.read_only},
      {"createdAt", c.created_at},
      {"updatedAt", c.updated_at},
      {"version", c.version},
  };
  scheduler::AddRefreshScheduleJson(c.refresh_schedule, c.next_refresh_at, out);
  return out;
}

}  // namespace bi::cards
