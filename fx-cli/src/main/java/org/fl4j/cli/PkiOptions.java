package org.fl4j.cli;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.Iterator;
import org.fl4j.pki.KeyType;
import org.fl4j.pki.PkiException;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanFiles;
import org.fl4j.plan.PlanReader;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option helpers shared by the certificate verbs. */
final class PkiOptions {

    private PkiOptions() {
    }

    /** {@code --key-type ec-p384|rsa-3072}: a bad value is a usage error. */
    static final class KeyTypes implements ITypeConverter<KeyType>, Iterable<String> {
        @Override
        public KeyType convert(String value) {
            try {
                return KeyType.parse(value);
            } catch (PkiException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }

        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(KeyType.values()).map(KeyType::label).iterator();
        }
    }

    /** A resolved aggregator name and where it came from, for the output. */
    record Fqdn(String name, String origin) {
    }

    /**
     * The aggregator's name: {@code --fqdn} when given; else the plan's {@code network.agg_addr} (as
     * {@code fx plan initialize} resolved it); else this host's fully qualified name, as OpenFL does.
     */
    static Fqdn aggregatorName(String option) {
        if (option != null) {
            return new Fqdn(option, "--fqdn");
        }
        if (Files.exists(PlanFiles.of(CliContext.workspace()).plan())) {
            return new Fqdn(PlanReader.read(CliContext.workspace()).aggregatorAddress(), "the plan's network.agg_addr");
        }
        return new Fqdn(Plan.localHostName(), "this host's name");
    }
}
