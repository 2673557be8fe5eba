package io.jlivepatch.core.reader;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** What package-info promises: the reader imports only the model, ASM and java.base, and loads nothing. */
class ReaderDependenciesTest {

    private static final JavaClasses READER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jlivepatch.core.reader");

    @Test
    void importsOnlyModelAsmAndJavaBase() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.jlivepatch.core.reader..", "io.jlivepatch.core.model..",
                        "org.objectweb.asm", "java..")
                .check(READER);
    }

    @Test
    void neverLoadsClasses() {
        noClasses().should().dependOnClassesThat().areAssignableTo(ClassLoader.class)
                .orShould().callMethod(Class.class, "forName", String.class)
                .orShould().callMethod(Class.class, "forName", String.class, boolean.class, ClassLoader.class)
                .check(READER);
    }
}
