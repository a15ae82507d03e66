package io.nextbest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What the API's JSON reader refuses before anything is stored, and the field it names. */
class RequestJsonTest {
    private final ObjectMapper json = mapper();

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new RequestJson().customize(mapper);
        return mapper;
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1700000000\"", "\"-1\"", "\"2026\"", "\"0\"", "1700000000", "\"2026-11-23T10\"",
            "\"2026-11-23T10:15:00+0100\"", "\"2026-11-23T10:15:00+01:00:30\"", "\"2026-11-23 10:15:00Z\""})
    void aTimeThatIsNotRfc3339IsRefusedNamingItsField(String time) {
        assertThat(refused("{\"customerId\": \"c\", \"at\": " + time + "}", DecisionRequest.class)).isEqualTo("at");
        assertThat(refused("{\"customerId\": \"c\", \"events\": [{\"type\": \"t\", \"occurredAt\": " + time + "}]}",
                DecisionRequest.class)).isEqualTo("events[0].occurredAt");
        assertThat(refused("{\"type\": \"clicked\", \"at\": " + time + "}", OutcomeRequest.class)).isEqualTo("at");
    }

    @Test
    void anRfc3339TimeIsRead() throws Exception {
        for (String time : new String[] {"2026-11-23T10:15:00+01:00", "2026-11-23T09:15:00Z", "2026-11-23t09:15:00.5z", "2026-11-23T10:15+01:00"}) {
            DecisionRequest request = json.readValue("{\"customerId\": \"c\", \"at\": \"" + time + "\"}", DecisionRequest.class);
            assertThat(request.at().getYear()).isEqualTo(2026);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", "-1e400", "1E+999"})
    void aNumberNoDoubleHoldsIsRefusedNamingItsField(String number) {
        assertThat(refused("{\"lifetimeValue\": " + number + "}", CustomerRequest.class)).isEqualTo("lifetimeValue");
        assertThat(refused("{\"scores\": {\"churn\": " + number + "}}", CustomerRequest.class)).isEqualTo("scores.churn");
        assertThat(refused("{\"attributes\": {\"a\": {\"b\": [1, " + number + "]}}}", CustomerRequest.class))
                .isEqualTo("attributes.a.b[1]");
        assertThat(refused("{\"customerId\": \"c\", \"context\": {\"n\": " + number + "}}", DecisionRequest.class))
                .isEqualTo("context.n");
        assertThat(refused("{\"type\": \"converted\", \"value\": " + number + "}", OutcomeRequest.class)).isEqualTo("value");
    }

    @Test
    void largeButFiniteNumbersAreRead() throws Exception {
        CustomerRequest profile = json.readValue("{\"lifetimeValue\": 1e300, \"attributes\": {\"n\": -1.5e308, \"big\": "
                + "1" + "0".repeat(400) + "}}", CustomerRequest.class);
        assertThat(profile.lifetimeValue()).isEqualTo(1e300);
        assertThat(profile.attributes()).containsEntry("n", -1.5e308);
    }

    @Test
    void aNulInAMapKeyAtAnyDepthIsRefusedNamingItsField() {
        assertThat(refused("{\"attributes\": {\"a\": {\"b\\u0000\": 1}}}", CustomerRequest.class)).isEqualTo("attributes.a");
        assertThat(refused("{\"attributes\": {\"a\": [{\"ok\": {\"\\u0000\": 1}}]}}", CustomerRequest.class))
                .isEqualTo("attributes.a[0].ok");
        assertThat(refused("{\"customerId\": \"c\", \"context\": {\"x\": {\"k\\u0000\": true}}}", DecisionRequest.class))
                .isEqualTo("context.x");
        assertThat(refused("{\"scores\": {\"k\\u0000\": 1}}", CustomerRequest.class)).isEqualTo("scores");
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0AF", "C1BF", "E080AF", "F08080AF", "EDA080", "F4908080", "F5808080", "FF", "80", "C3", "E282"})
    void aBodyThatIsNotWellFormedUtf8IsMalformed(String hex) throws Exception {
        byte[] body = body(hex);
        assertThatThrownBy(() -> json.readValue(body, CustomerRequest.class)).isInstanceOf(StrictUtf8.MalformedUtf8.class);
        assertThatThrownBy(() -> json.readValue(new ByteArrayInputStream(body), CustomerRequest.class))
                .isInstanceOf(StrictUtf8.MalformedUtf8.class);
        assertThatThrownBy(() -> json.readTree(new ByteArrayInputStream(body))).isInstanceOf(StrictUtf8.MalformedUtf8.class);
    }

    @Test
    void wellFormedUtf8IsReadAsSent() throws Exception {
        String text = "caf\u00e9 \u20ac \ud83d\ude00 \uffff \u0800 \u007f";
        byte[] body = ("{\"journeyStage\": \"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(json.readValue(body, CustomerRequest.class).journeyStage()).isEqualTo(text);
        assertThat(json.readValue(new ByteArrayInputStream(body), CustomerRequest.class).journeyStage()).isEqualTo(text);
    }

    private static byte[] body(String hex) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("{\"journeyStage\": \"a".getBytes(StandardCharsets.US_ASCII));
        body.write(HexFormat.of().parseHex(hex));
        body.write("b\"}".getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private String refused(String body, Class<?> type) {
        JsonMappingException error = catchThrowableOfType(JsonMappingException.class, () -> json.readValue(body, type));
        assertThat(error).as("%s refused", body).isNotNull();
        return error.getPath().stream()
                .map(reference -> reference.getIndex() >= 0 ? "[" + reference.getIndex() + "]" : "." + reference.getFieldName())
                .collect(Collectors.joining()).replaceFirst("^\\.", "").replace(".[", "[");
    }
}
