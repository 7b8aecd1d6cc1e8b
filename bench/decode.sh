#!/usr/bin/env bash
# CPU per billing event read as the ledger, developer earnings and revenue read one (the contracts
# module's EventCodec: the envelope, its time, the data), one thread, no suite needed; run it with
# nothing else running. Usage: bench/decode.sh [ROUNDS]  (after ./mvnw install -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../contracts"
JAVA=java
[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
../mvnw -B -q -o test-compile
../mvnw -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
"$JAVA" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" com.platformeconomy.contracts.event.DecodeBench "${1:-5}"
