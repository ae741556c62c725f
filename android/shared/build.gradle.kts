// The same sources Maven tests on the JVM (pom.xml), built here as an Android library with the
// generated bindings and JNA's Android AAR. The JVM tests run through Maven, not Gradle.
plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
}

android {
    namespace = "app.kith.shared"
    compileSdk = 35
    defaultConfig { minSdk = 26 }
    sourceSets["main"].java.srcDirs("src/main/kotlin", "../../target/bindings/kotlin")
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    kotlinOptions { jvmTarget = "17" }
}

dependencies {
    api("net.java.dev.jna:jna:5.17.0@aar")
}
