#include "store/attribute_value.h"

namespace bi::store {

const char* AttrTypeName(AttrType type) {
  switch (type) {
    case AttrType::kNull:
      return "NULL";
    case AttrType::kString:
      return "S";
    case AttrType::kNumber:
      return "N";
    case AttrType::kBool:
      return "BOOL";
    case AttrType::kList:
      return "L";
    case AttrType::kMap:
      return "M";
  }
  return "?";
}

namespace {

size_t ValueSize(const AttributeValue& v) {
  switch (v.type()) {
    case AttrType::kNull:
    case AttrType::kBool:
      return 1;
    case AttrType::kString:
      return v.s().size();
    case AttrType::kNumber:
      return (v.n().text().size() + 1) / 2 + 1;
    case AttrType::kList: {
      size_t n = 3;
      for (const auto& e : v.l()) n += 1 + ValueSize(e);
      return n;
    }
    case AttrType::kMap: {
      size_t n = 3;
      for (const auto& [k, e] : v.m()) n += 1 + k.size() + ValueSize(e);
      return n;
    }
  }
  return 0;
}

Status ValidateValue(const AttributeValue& v, const std::string& path) {
  switch (v.type()) {
    case AttrType::kString:
      if (!IsValidUtf8(v.s())) return Status::InvalidArgument("invalid UTF-8 in attribute " + path);
      return Status::Ok();
    case AttrType::kList:
      for (const auto& e : v.l()) BI_RETURN_IF_ERROR(ValidateValue(e, path + "[]"));
      return Status::Ok();
    case AttrType::kMap:
      for (const auto& [k, e] : v.m()) {
        if (k.empty() || !IsValidUtf8(k)) {
          return Status::InvalidArgument("empty or invalid attribute name in " + path);
        }
        BI_RETURN_IF_ERROR(ValidateValue(e, path + "." + k));
      }
      return Status::Ok();
    default:
      return Status::Ok();
  }
}

}  // namespace

size_t ItemSize(const Item& item) {
  size_t n = 0;
  for (const auto& [k, v] : item) n += k.size() + ValueSize(v);
  return n;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

Status ValidateItemContent(const Item& item) {
  for (const auto& [k, v] : item) {
    if (k.empty() || !IsValidUtf8(k))
      return Status::InvalidArgument("empty or invalid attribute name");
    BI_RETURN_IF_ERROR(ValidateValue(v, k));
  }
  size_t size = ItemSize(item);
  if (size > kMaxItemSize) {
    return Status::InvalidArgument("item size " + std::to_string(size) +
                                   " bytes exceeds the 400 KB limit");
  }
  return Status::Ok();
}

nlohmann::json ToDynamoJson(const AttributeValue& v) {
  using nlohmann::json;
  switch (v.type()) {
    case AttrType::kNull:
      return json{{"NULL", true}};
    case AttrType::kString:
      return json{{"S", v.s()}};
    case AttrType::kNumber:
      return json{{"N", v.n().text()}};
    case AttrType::kBool:
      return json{{"BOOL", v.b()}};
    case AttrType::kList: {
      json arr = json::array();
      for (const auto& e : v.l()) arr.push_back(ToDynamoJson(e));
      return json{{"L", std::move(arr)}};
    }
    case AttrType::kMap:
      return json{{"M", ItemToDynamoJson(v.m())}};
  }
  return nullptr;
}

nlohmann::json ItemToDynamoJson(const Item& item) {
  nlohmann::json obj = nlohmann::json::object();
  for (const auto& [k, v] : item) obj[k] = ToDynamoJson(v);
  return obj;
}

Result<AttributeValue> FromDynamoJson(const nlohmann::json& j) {
  if (!j.is_object() || j.size() != 1) {
    return Status::InvalidArgument("attribute value must be an object with one type key");
  }
  const std::string& tag = j.begin().key();
  const nlohmann::json& body = j.begin().value();
  if (tag == "NULL") return AttributeValue::Null();
  if (tag == "S" && body.is_string()) return AttributeValue::S(body.get<std::string>());
  if (tag == "N" && body.is_string()) {
    auto n = Number::Parse(body.get_ref<const std::string&>());
    if (!n.ok()) return n.status();
    return AttributeValue::N(std::move(n).value());
  }
  if (tag == "BOOL" && body.is_boolean()) return AttributeValue::Bool(body.get<bool>());
  if (tag == "L" && body.is_array()) {
    AttributeValue::List list;
    list.reserve(body.size());
    for (const auto& e : body) {
      auto v = FromDynamoJson(e);
      if (!v.ok()) return v.status();
      list.push_back(std::move(v).value());
    }
    return AttributeValue::L(std::move(list));
  }
  if (tag == "M" && body.is_object()) {
    auto m = ItemFromDynamoJson(body);
    if (!m.ok()) return m.status();
    return AttributeValue::M(std::move(m).value());
  }
  return Status::InvalidArgument("unsupported attribute value type '" + tag + "'");
}

Result<Item> ItemFromDynamoJson(const nlohmann::json& j) {
  if (!j.is_object()) return Status::InvalidArgument("item must be a JSON object");
  Item item;
  for (const auto& [k, e] : j.items()) {
    auto v = FromDynamoJson(e);
    if (!v.ok()) return v.status();
    item.emplace(k, std::move(v).value());
  }
  return item;
}

nlohmann::json ToPlainJson(const AttributeValue& v) {
  using nlohmann::json;
  switch (v.type()) {
    case AttrType::kNull:
      return nullptr;
    case AttrType::kString:
      return v.s();
    case AttrType::kNumber: {
      if (auto i = v.n().ToInt64()) return *i;
      return v.n().ToDouble();
    }
    case AttrType::kBool:
      return v.b();
    case AttrType::kList: {
      json arr = json::array();
      for (const auto& e : v.l()) arr.push_back(ToPlainJson(e));
      return arr;
    }
    case AttrType::kMap:
      return ItemToPlainJson(v.m());
  }
  return nullptr;
}

nlohmann::json ItemToPlainJson(const Item& item) {
  nlohmann::json obj = nlohmann::json::object();
  for (const auto& [k, v] : item) obj[k] = ToPlainJson(v);
  return obj;
}

Result<AttributeValue> FromPlainJson(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
      return AttributeValue::Null();
    case nlohmann::json::value_t::boolean:
      return AttributeValue::Bool(j.get<bool>());
    case nlohmann::json::value_t::string:
      return AttributeValue::S(j.get<std::string>());
    case nlohmann::json::value_t::number_integer:
      return AttributeValue::N(j.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      auto n = Number::Parse(std::to_string(j.get<uint64_t>()));
      if (!n.ok()) return n.status();
      return AttributeValue::N(std::move(n).value());
    }
    case nlohmann::json::value_t::number_float: {
      auto n = Number::FromDouble(j.get<double>());
      if (!n.ok()) return n.status();
      return AttributeValue::N(std::move(n).value());
    }
    case nlohmann::json::value_t::array: {
      AttributeValue::List list;
      for (const auto& e : j) {
        auto v = FromPlainJson(e);
        if (!v.ok()) return v.status();
        list.push_back(std::move(v).value());
      }
      return AttributeValue::L(std::move(list));
    }
    case nlohmann::json::value_t::object: {
      AttributeValue::Map map;
      for (const auto& [k, e] : j.items()) {
        auto v = FromPlainJson(e);
        if (!v.ok()) return v.status();
        map.emplace(k, std::move(v).value());
      }
      return AttributeValue::M(std::move(map));
    }
    default:
      return Status::InvalidArgument("unsupported JSON value");
  }
}

}  // namespace bi::store
