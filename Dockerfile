# Builds tillgate from source and runs it on a JRE. Used by docker-compose.yml.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
RUN ./mvnw -B -ntp -q -DskipTests package && cp target/tillgate-*.jar /tillgate.jar

# Built for Java 17, run on 25: rule evaluation is about four times as fast there (see README.md).
FROM eclipse-temurin:25-jre
WORKDIR /app
COPY --from=build /tillgate.jar /app/tillgate.jar
COPY routes /app/routes
COPY mappings /app/mappings
COPY campaigns /app/campaigns
ENV TILLGATE_DATA_DIR=/app/data
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/tillgate.jar"]
