#include "cards/card_service.h"

#include <gtest/gtest.h>

#include "store/sqlite_metadata_store.h"
#include "support/bi_process.h"

namespace bi::cards {
namespace {

const Viewer kAlice{"alice", false};
const Viewer kBob{"bob", false};
const Viewer kAdmin{"root", true};

class CardServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::SqliteMetadataStore::Open(std::filesystem::path(dir_.path()) / "meta.db");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    ASSERT_TRUE(store::CreateAllTables(*store_).ok());
    service_ = std::make_unique<CardService>(*store_);
    alice_sales_ = NewDataset("alice");
    alice_targets_ = NewDataset("alice");
    bob_data_ = NewDataset("bob");
  }

  std::string NewDataset(const std::string& owner) {
    repo::DatasetRepository datasets(*store_);
    repo::Dataset d;
    d.owner_id = owner;
    d.name = "data of " + owner;
    auto created = datasets.Create(d);
    EXPECT_TRUE(created.ok());
    return created->dataset_id;
  }

  CardDraft Draft(const std::string& dataset_id, const std::string& title = "Sales") {
    CardDraft d;
    d.title = title;
    d.dataset_id = dataset_id;
    d.code = "df.groupby('region')['qty'].sum()";
    d.display = nlohmann::json{{"numberFormat", "0,0"}};
    return d;
  }

  // Puts `card_id` on a dashboard of `owner` shared with `target` (a user or a group).
  void ShareOnDashboard(const std::string& card_id, const std::string& owner,
                        const std::string& target, repo::ShareTarget type) {
    repo::DashboardRepository dashboards(*store_);
    repo::Dashboard dash;
    dash.owner_id = owner;
    dash.name = "board";
    dash.layout = store::AttributeValue::L({store::AttributeValue::M(
        {{"cardId", store::AttributeValue::S(card_id)}, {"x", store::AttributeValue::N(0)}})});
    auto created = dashboards.Create(dash);
    ASSERT_TRUE(created.ok());
    repo::ShareRepository shares(*store_);
    repo::DashboardShare share;
    share.dashboard_id = created->dashboard_id;
    share.shared_to_id = target;
    share.shared_to_type = type;
    share.created_by = owner;
    ASSERT_TRUE(shares.Create(share).ok());
  }

  bi::testing::TempDir dir_;
  std::unique_ptr<store::MetadataStore> store_;
  std::unique_ptr<CardService> service_;
  std::string alice_sales_, alice_targets_, bob_data_;
};

TEST_F(CardServiceTest, CreateGetUpdateDelete) {
  CardDraft draft = Draft(alice_sales_);
  draft.extra_datasets = std::map<std::string, std::string>{{"targets", alice_targets_}};
  auto card = service_->Create(kAlice, draft);
  ASSERT_TRUE(card.ok()) << card.status().ToString();
  EXPECT_EQ(card->owner_id, "alice");
  EXPECT_EQ(card->version, 1);

  auto got = service_->Get(kAlice, card->card_id);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->read_only);
  nlohmann::json json = CardJson(*got);
  EXPECT_EQ(json["title"], "Sales");
  EXPECT_EQ(json["extraDatasets"]["targets"], alice_targets_);
  EXPECT_EQ(json["display"]["numberFormat"], "0,0");

  CardDraft change;
  change.code = "result = len(df)";
  auto updated = service_->Update(kAlice, card->card_id, change, 1);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->code, "result = len(df)");
  EXPECT_EQ(updated->title, "Sales");  // untouched fields stay

  EXPECT_EQ(service_->Delete(kAlice, card->card_id, 1).code(), ErrorCode::kConflict);
  EXPECT_TRUE(service_->Delete(kAlice, card->card_id, 2).ok());
  EXPECT_EQ(service_->Get(kAlice, card->card_id).status().code(), ErrorCode::kNotFound);
}

TEST_F(CardServiceTest, AStaleVersionIsAConflict) {
  auto card = service_->Create(kAlice, Draft(alice_sales_));
  CardDraft change;
  change.title = "first";
  ASSERT_TRUE(service_->Update(kAlice, card->card_id, change, 1).ok());
  change.title = "second, from an old copy";
  auto stale = service_->Update(kAlice, card->card_id, change, 1);
  EXPECT_EQ(stale.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(service_->Get(kAlice, card->card_id)->card.title, "first");
}

TEST_F(CardServiceTest, OthersCannotSeeOrTouchACard) {
  auto card = service_->Create(kAlice, Draft(alice_sales_));
  ASSERT_TRUE(card.ok());
  EXPECT_EQ(service_->Get(kBob, card->card_id).status().code(), ErrorCode::kNotFound);
  CardDraft change;
  change.title = "mine now";
  EXPECT_EQ(service_->Update(kBob, card->card_id, change, 1).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(service_->Delete(kBob, card->card_id, std::nullopt).code(), ErrorCode::kNotFound);
  EXPECT_TRUE(service_->List(kBob)->empty());
  // Admins may read and change any card.
  EXPECT_TRUE(service_->Update(kAdmin, card->card_id, change, 1).ok());
}

TEST_F(CardServiceTest, CardsOnlyUseDatasetsTheAuthorCanRead) {
  auto foreign = service_->Create(kAlice, Draft(bob_data_));
  EXPECT_EQ(foreign.status().code(), ErrorCode::kNotFound);
  CardDraft draft = Draft(alice_sales_);
  draft.extra_datasets = std::map<std::string, std::string>{{"other", bob_data_}};
  EXPECT_EQ(service_->Create(kAlice, draft).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(service_->Create(kAlice, Draft("no-such-dataset")).status().code(),
            ErrorCode::kNotFound);
  EXPECT_TRUE(service_->Create(kAdmin, Draft(bob_data_)).ok());
}

TEST_F(CardServiceTest, InvalidDraftsAreRefusedWithTheField) {
  struct Case {
    std::function<void(CardDraft&)> change;
    std::string field;
  };
  std::vector<Case> cases = {
      {[](CardDraft& d) { d.title = "   "; }, "title"},
      {[](CardDraft& d) { d.title = std::string(201, 'x'); }, "title"},
      {[](CardDraft& d) { d.code = "\n  \n"; }, "code"},
      {[](CardDraft& d) { d.code = std::string(kMaxCodeBytes + 1, '#'); }, "code"},
      {[](CardDraft& d) { d.dataset_id.reset(); }, "datasetId"},
      {[](CardDraft& d) { d.display = nlohmann::json::array(); }, "display"},
      {[this](CardDraft& d) {
         d.extra_datasets = std::map<std::string, std::string>{{"df", alice_targets_}};
       },
       "extraDatasets"},
      {[this](CardDraft& d) {
         d.extra_datasets = std::map<std::string, std::string>{{"1st", alice_targets_}};
       },
       "extraDatasets"},
      {[this](CardDraft& d) {
         d.extra_datasets = std::map<std::string, std::string>{{"a-b", alice_targets_}};
       },
       "extraDatasets"},
  };
  for (const Case& c : cases) {
    CardDraft draft = Draft(alice_sales_);
    c.change(draft);
    auto created = service_->Create(kAlice, draft);
    ASSERT_EQ(created.status().code(), ErrorCode::kInvalidArgument) << c.field;
    EXPECT_EQ(created.status().details()["field"], c.field);
  }
}

TEST_F(CardServiceTest, ASharedDashboardMakesItsCardsReadableButNotWritable) {
  auto card = service_->Create(kAlice, Draft(alice_sales_, "on the board"));
  auto hidden = service_->Create(kAlice, Draft(alice_sales_, "not on it"));
  ShareOnDashboard(card->card_id, "alice", "bob", repo::ShareTarget::kUser);

  auto seen = service_->Get(kBob, card->card_id);
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->read_only);
  EXPECT_EQ(service_->Get(kBob, hidden->card_id).status().code(), ErrorCode::kNotFound);
  auto list = service_->List(kBob);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE(list->front().read_only);
  EXPECT_EQ(CardJson(list->front())["readOnly"], true);

  CardDraft change;
  change.title = "bob was here";
  EXPECT_EQ(service_->Update(kBob, card->card_id, change, 1).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Delete(kBob, card->card_id, std::nullopt).code(),
            ErrorCode::kPermissionDenied);
}

TEST_F(CardServiceTest, SharingWithAGroupReachesItsMembers) {
  auto card = service_->Create(kAlice, Draft(alice_sales_));
  repo::MemberRepository members(*store_);
  ASSERT_TRUE(members.Add("g-analysts", "bob").ok());
  ShareOnDashboard(card->card_id, "alice", "g-analysts", repo::ShareTarget::kGroup);
  auto seen = service_->Get(kBob, card->card_id);
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->read_only);
  ASSERT_TRUE(members.Remove("g-analysts", "bob").ok());
  EXPECT_EQ(service_->Get(kBob, card->card_id).status().code(), ErrorCode::kNotFound);
}

TEST_F(CardServiceTest, ListShowsOnlyOwnCards) {
  ASSERT_TRUE(service_->Create(kAlice, Draft(alice_sales_, "one")).ok());
  ASSERT_TRUE(service_->Create(kAlice, Draft(alice_sales_, "two")).ok());
  ASSERT_TRUE(service_->Create(kBob, Draft(bob_data_, "bob's")).ok());
  auto list = service_->List(kAlice);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  for (const auto& v : *list) EXPECT_FALSE(v.read_only);
}

}  // namespace
}  // namespace bi::cards
