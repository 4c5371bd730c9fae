#pragma once
// Taking a due scheduled refresh, exactly once across every API instance on one metadata
// store: the lease is the record itself. An instance that finds a dashboard or card with
// nextRefreshAt <= now writes it back with nextRefreshAt moved to the schedule's next fire time
// after now, conditioned on the version it read (the record's optimistic lock). Of several
// instances that saw the same due time, one write succeeds and the others get kConflict and
// leave the refresh to it. As the next time is computed from now, refreshes missed while
// everything was down come out as one claim, not one per missed tick.
//
// The claim is an ordinary versioned update, so an editor who loaded the record before it
// gets 409 on save and reloads, as with any concurrent change.

#include <cstdint>
#include <string>

#include "common/status.h"
#include "repo/repositories.h"

namespace bi::scheduler {

// True when this caller took the refresh of record `id` due at or before `now_ms`; false when
// it is not due, has no schedule, is gone, or another instance took it first.
Result<bool> ClaimDueRefresh(repo::DashboardRepository& dashboards, const std::string& id,
                             int64_t now_ms);
Result<bool> ClaimDueRefresh(repo::CardRepository& cards, const std::string& id, int64_t now_ms);

}  // namespace bi::scheduler
