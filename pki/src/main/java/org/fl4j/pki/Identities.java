package org.fl4j.pki;

import java.util.regex.Pattern;

/**
 * The names that become certificate CNs and file names. Collaborator names follow the plan's rule (1 to 64
 * letters, digits, '.', '_' or '-', starting with a letter or digit); the pki module repeats it rather than
 * depend on the plan model. Aggregator names are DNS names or IP literals.
 */
final class Identities {

    private static final Pattern COLLABORATOR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

    private Identities() {
    }

    static String requireCollaboratorName(String name) {
        if (name == null || name.isEmpty()) {
            throw new PkiException("collaborator name must not be empty");
        }
        if (!COLLABORATOR.matcher(name).matches()) {
            throw new PkiException("invalid collaborator name '" + name + "': use 1 to 64 letters, digits, '.',"
                    + " '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || (IPV6.matcher(host).matches() && host.chars().filter(c -> c == ':').count() >= 2);
    }

    static String requireHostName(String host) {
        if (host == null || host.isEmpty()) {
            throw new PkiException("aggregator address must not be empty");
        }
        if (isIpLiteral(host)) {
            return host;
        }
        if (host.length() > 253) {
            throw new PkiException("invalid aggregator host name '" + host + "': longer than 253 characters");
        }
        for (String label : host.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                throw new PkiException("invalid aggregator host name '" + host + "': use a DNS name (letters,"
                        + " digits and '-' in dot-separated labels) or an IP address");
            }
        }
        return host;
    }
}
