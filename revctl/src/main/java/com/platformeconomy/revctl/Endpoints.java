package com.platformeconomy.revctl;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where the services are. For each service, the first of: its flag ({@code --wallet-url}), its
 * environment variable ({@code REVCTL_WALLET_URL}), its key in the config file
 * ({@code wallet.url}; the file is {@code --config}, else {@code REVCTL_CONFIG}, else
 * {@code ~/.config/revctl/revctl.properties} if it exists), else {@code http://localhost:808x}.
 * The bearer token works the same way: {@code --token}, {@code REVCTL_TOKEN}, {@code token=}.
 */
public final class Endpoints {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with wallet.url=…, earnings.url=…, settlement.url=…, revenue.url=…, goal.url=…, token=… (default: $REVCTL_CONFIG, else ~/.config/revctl/revctl.properties).")
    Path config;

    @Option(names = "--wallet-url", paramLabel = "URL", description = "wallet-service (env REVCTL_WALLET_URL; default http://localhost:8081).")
    String walletUrl;

    @Option(names = "--earnings-url", paramLabel = "URL", description = "developer-earnings-service (env REVCTL_EARNINGS_URL; default http://localhost:8082).")
    String earningsUrl;

    @Option(names = "--settlement-url", paramLabel = "URL", description = "settlement-service (env REVCTL_SETTLEMENT_URL; default http://localhost:8083).")
    String settlementUrl;

    @Option(names = "--revenue-url", paramLabel = "URL", description = "revenue-service (env REVCTL_REVENUE_URL; default http://localhost:8084).")
    String revenueUrl;

    @Option(names = "--goal-url", paramLabel = "URL", description = "goal-service (env REVCTL_GOAL_URL; default http://localhost:8085).")
    String goalUrl;

    @Option(names = "--token", paramLabel = "JWT", description = "Bearer token for the client commands (env REVCTL_TOKEN). `revctl token` makes a local one.")
    String token;

    /** Tests replace the environment. */
    static Map<String, String> environment = System.getenv();

    private Properties file;

    public Map<Service, String> urls() {
        Map<Service, String> urls = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            urls.put(service, url(service));
        }
        return urls;
    }

    public String url(Service service) {
        String flag;
        switch (service) {
            case WALLET: flag = walletUrl; break;
            case EARNINGS: flag = earningsUrl; break;
            case SETTLEMENT: flag = settlementUrl; break;
            case REVENUE: flag = revenueUrl; break;
            default: flag = goalUrl;
        }
        String url = firstOf(flag, environment.get(service.envVar()), file().getProperty(service.key + ".url"), service.defaultUrl());
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String token() {
        return firstOf(token, environment.get("REVCTL_TOKEN"), file().getProperty("token"), null);
    }

    private Properties file() {
        if (file == null) {
            file = new Properties();
            Path path = config;
            boolean explicit = path != null;
            if (path == null && environment.get("REVCTL_CONFIG") != null) {
                path = Path.of(environment.get("REVCTL_CONFIG"));
                explicit = true;
            }
            if (path == null && environment.get("HOME") != null) {
                path = Path.of(environment.get("HOME"), ".config", "revctl", "revctl.properties");
            }
            if (path != null && (explicit || Files.exists(path))) {
                try (Reader in = Files.newBufferedReader(path)) {
                    file.load(in);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read the config file " + path + ": " + e.getMessage(), e);
                }
            }
        }
        return file;
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }
}
