package io.switchboard.protocol.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterTest {

  private static final JsonObject PAYLOAD = new JsonObject(
      "{\"price\":12,\"qty\":2.5,\"name\":\"widget\",\"live\":true,\"note\":null,"
          + "\"venue\":{\"country\":\"FR\",\"geo\":{\"lat\":48.85}},\"tags\":[\"a\",\"b\"],\"big\":18446744073709551615}");

  private static boolean eval(String filter, Object payload) {
    return Filter.parse(new JsonObject(filter)).test(payload);
  }

  private static boolean eval(String filter) {
    return eval(filter, PAYLOAD);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "{'field':'price','op':'eq','value':12}                 | true",
      "{'field':'price','op':'eq','value':12.0}               | true",
      "{'field':'price','op':'eq','value':'12'}               | false",
      "{'field':'price','op':'ne','value':12}                 | false",
      "{'field':'price','op':'ne','value':13}                 | true",
      "{'field':'price','op':'gt','value':10}                 | true",
      "{'field':'price','op':'gt','value':12}                 | false",
      "{'field':'price','op':'gte','value':12}                | true",
      "{'field':'price','op':'lt','value':12.5}               | true",
      "{'field':'price','op':'lte','value':11.99}             | false",
      "{'field':'qty','op':'gt','value':2}                    | true",
      "{'field':'qty','op':'lt','value':3}                    | true",
      "{'field':'name','op':'gt','value':'apple'}             | true",
      "{'field':'name','op':'lt','value':'apple'}             | false",
      "{'field':'name','op':'gt','value':1}                   | false",
      "{'field':'price','op':'lt','value':'z'}                | false",
      "{'field':'live','op':'eq','value':true}                | true",
      "{'field':'live','op':'ne','value':false}               | true",
      "{'field':'note','op':'eq','value':null}                | true",
      "{'field':'note','op':'exists'}                         | true",
      "{'field':'missing','op':'exists'}                      | false",
      "{'field':'missing','op':'exists','value':false}        | true",
      "{'field':'missing','op':'ne','value':1}                | false",
      "{'field':'missing','op':'eq','value':null}             | false",
      "{'field':'venue.country','op':'eq','value':'FR'}       | true",
      "{'field':'venue.geo.lat','op':'gt','value':48}         | true",
      "{'field':'venue.geo.lat.x','op':'exists'}              | false",
      "{'field':'venue.country.x','op':'eq','value':'FR'}     | false",
      "{'field':'tags.0','op':'eq','value':'a'}               | false",
      "{'field':'venue.country','op':'in','value':['DE','FR']} | true",
      "{'field':'venue.country','op':'in','value':['DE','IT']} | false",
      "{'field':'price','op':'in','value':['12', 11, 12.0]}   | true",
      "{'field':'price','op':'in','value':['12', 11]}         | false",
      "{'field':'big','op':'gt','value':9223372036854775807}  | true",
      "{'field':'big','op':'eq','value':18446744073709551615} | true",
      "{'and':[{'field':'price','op':'gt','value':10},{'field':'live','op':'eq','value':true}]}  | true",
      "{'and':[{'field':'price','op':'gt','value':10},{'field':'live','op':'eq','value':false}]} | false",
      "{'or':[{'field':'price','op':'gt','value':100},{'field':'live','op':'eq','value':false}]} | false",
      "{'or':[{'field':'price','op':'gt','value':100},{'field':'name','op':'eq','value':'widget'}]} | true",
      "{'or':[{'and':[{'field':'qty','op':'gte','value':2.5},{'field':'venue.country','op':'ne','value':'DE'}]},{'field':'x','op':'exists'}]} | true",
  })
  void truthTable(String filter, boolean expected) {
    assertEquals(expected, eval(filter.replace('\'', '"')));
  }

  @Test
  void andOrTruthTables() {
    String t = "{\"field\":\"live\",\"op\":\"eq\",\"value\":true}";
    String f = "{\"field\":\"live\",\"op\":\"eq\",\"value\":false}";
    boolean[][] cases = {{false, false}, {false, true}, {true, false}, {true, true}};
    for (boolean[] c : cases) {
      String a = c[0] ? t : f;
      String b = c[1] ? t : f;
      assertEquals(c[0] && c[1], eval("{\"and\":[" + a + "," + b + "]}"), "and " + c[0] + "," + c[1]);
      assertEquals(c[0] || c[1], eval("{\"or\":[" + a + "," + b + "]}"), "or " + c[0] + "," + c[1]);
    }
  }

  @Test
  void nonObjectPayloadsHaveNoFields() {
    String exists = "{\"field\":\"a\",\"op\":\"exists\"}";
    assertFalse(eval(exists, "ciphertext"));
    assertFalse(eval(exists, null));
    assertFalse(eval(exists, 42L));
    assertTrue(eval("{\"field\":\"a\",\"op\":\"exists\",\"value\":false}", "ciphertext"));
  }

  @Test
  void rawMapsAndBigIntegersAreUnderstood() {
    var payload = java.util.Map.<String, Object>of("n", BigInteger.TEN, "m", java.util.Map.of("k", 3));
    assertTrue(eval("{\"field\":\"n\",\"op\":\"eq\",\"value\":10}", payload));
    assertTrue(eval("{\"field\":\"m.k\",\"op\":\"lt\",\"value\":3.5}", payload));
  }

  @ParameterizedTest(name = "{0} -> {1} at {2}")
  @CsvSource(delimiter = '|', value = {
      "[1]                                                        | invalid_field | filter",
      "{}                                                         | missing_field | filter.field",
      "{'op':'eq','value':1}                                      | missing_field | filter.field",
      "{'field':'','op':'eq','value':1}                           | invalid_field | filter.field",
      "{'field':'a..b','op':'eq','value':1}                       | invalid_field | filter.field",
      "{'field':7,'op':'eq','value':1}                            | invalid_field | filter.field",
      "{'field':'a','value':1}                                    | missing_field | filter.op",
      "{'field':'a','op':'like','value':1}                        | invalid_field | filter.op",
      "{'field':'a','op':3,'value':1}                             | invalid_field | filter.op",
      "{'field':'a','op':'eq'}                                    | missing_field | filter.value",
      "{'field':'a','op':'eq','value':{'b':1}}                    | invalid_field | filter.value",
      "{'field':'a','op':'gt','value':true}                       | invalid_field | filter.value",
      "{'field':'a','op':'gt','value':null}                       | invalid_field | filter.value",
      "{'field':'a','op':'lte'}                                   | missing_field | filter.value",
      "{'field':'a','op':'in','value':1}                          | invalid_field | filter.value",
      "{'field':'a','op':'in','value':[]}                         | invalid_field | filter.value",
      "{'field':'a','op':'in','value':[1,[2]]}                    | invalid_field | filter.value[1]",
      "{'field':'a','op':'in'}                                    | missing_field | filter.value",
      "{'field':'a','op':'exists','value':'yes'}                  | invalid_field | filter.value",
      "{'field':'a','op':'eq','value':1,'extra':2}                | invalid_field | filter.extra",
      "{'and':[]}                                                 | invalid_field | filter.and",
      "{'and':{}}                                                 | invalid_field | filter.and",
      "{'or':[{'field':'a','op':'eq','value':1}],'field':'b'}      | invalid_field | filter",
      "{'and':[{'field':'a','op':'eq','value':1},{'field':'b','op':'gt'}]} | missing_field | filter.and[1].value",
      "{'or':[{'and':[{'field':'a','op':'nope','value':1}]}]}     | invalid_field | filter.or[0].and[0].op",
      "{'and':[{'and':[{'and':[{'and':[{'and':[{'and':[{'field':'a','op':'exists'}]}]}]}]}]}]} | too_large | filter.and[0].and[0].and[0].and[0].and[0].and[0]",
  })
  void parseErrors(String filter, String code, String field) {
    String json = filter.replace('\'', '"');
    Object parsed = io.vertx.core.json.Json.decodeValue(json);
    ProtocolException e = assertThrows(ProtocolException.class, () -> Filter.parse(parsed));
    assertEquals(code, e.code().wire(), e.getMessage());
    assertEquals(field, e.field(), e.getMessage());
  }

  @Test
  void tooManyNodes() {
    StringBuilder parts = new StringBuilder();
    for (int i = 0; i < Filter.MAX_NODES; i++) {
      parts.append(i == 0 ? "" : ",").append("{\"field\":\"a\",\"op\":\"exists\"}");
    }
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> Filter.parse(new JsonObject("{\"or\":[" + parts + "]}")));
    assertEquals(ErrorCode.TOO_LARGE, e.code());
    assertEquals("filter.or[31]", e.field());
  }

  @Test
  void toJsonReturnsWhatWasParsedAndEqualityFollowsIt() {
    JsonObject json = new JsonObject("{\"field\":\"a\",\"op\":\"in\",\"value\":[\"x\",1]}");
    Filter filter = Filter.parse(json);
    assertEquals(json, filter.toJson());
    assertEquals(filter, Filter.parse(json.copy()));
    json.put("field", "changed"); // the filter keeps its own copy
    assertEquals("a", filter.toJson().getString("field"));
  }
}
