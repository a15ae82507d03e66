# Sourced by the benchmark scripts: compiles the service and bench/java (JMH comes with the bench
# profile) and sets $classpath to the service's runtime classpath; bench classes are in target/bench-classes.
./mvnw -B -q -Pbench compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
classpath="target/classes:$(cat target/bench-classpath.txt)"
rm -rf target/bench-classes && mkdir -p target/bench-classes
javac -d target/bench-classes -cp "$classpath" $(find bench/java -name '*.java')
