#pragma once
// The schedule attributes a dashboard or card record carries (refreshSchedule,
// nextRefreshAt), shared by both services: a request's `refreshSchedule` applied to the record,
// and the record's schedule as the API shows it.

#include <cstdint>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "store/attribute_value.h"

namespace bi::scheduler {

// `value` is the request's refreshSchedule: null removes the schedule; an object is validated
// (refresh_schedule.h: 422 naming the field) and stored with its next fire time after `now_ms`.
Status ApplyRefreshSchedule(const nlohmann::json& value, int64_t now_ms,
                            store::AttributeValue* schedule, int64_t* next_refresh_at);

// {"refreshSchedule": ... or null, "nextRefreshAt": ... or null} merged into `out`.
void AddRefreshScheduleJson(const store::AttributeValue& schedule, int64_t next_refresh_at,
                            nlohmann::json& out);

}  // namespace bi::scheduler
