package org.mailtxt.locking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemKindTest {
    @TempDir
    Path dir;

    @Test
    void theMagicNumbersOfNetworkAndUserSpaceFilesystemsAreToldApart() {
        assertThat(FilesystemKind.ofMagic(0x6969)).isEqualTo(FilesystemKind.NFS);
        assertThat(FilesystemKind.ofMagic(0xFF534D42L)).isEqualTo(FilesystemKind.CIFS);
        assertThat(FilesystemKind.ofMagic(0xFFFFFFFFFF534D42L)).as("sign-extended f_type").isEqualTo(FilesystemKind.CIFS);
        assertThat(FilesystemKind.ofMagic(0xFE534D42L)).isEqualTo(FilesystemKind.CIFS);
        assertThat(FilesystemKind.ofMagic(0x517B)).isEqualTo(FilesystemKind.CIFS);
        assertThat(FilesystemKind.ofMagic(0x65735546)).isEqualTo(FilesystemKind.FUSE);
        assertThat(FilesystemKind.ofMagic(0x00C36400)).isEqualTo(FilesystemKind.OTHER_NETWORK);
        assertThat(FilesystemKind.ofMagic(0xEF53)).isEqualTo(FilesystemKind.LOCAL);
        assertThat(FilesystemKind.ofMagic(0x01021994)).isEqualTo(FilesystemKind.LOCAL);
    }

    @Test
    void aRealLocalDirectoryAndAnOpenFileOnItAreLocal() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");
        assertThat(FilesystemKind.of(dir)).isEqualTo(FilesystemKind.LOCAL);
        try (NativeFd fd = NativeFd.open(f, OpenFlag.READ_ONLY)) {
            assertThat(FilesystemKind.of(fd)).isEqualTo(FilesystemKind.LOCAL);
        }
        assertThat(FilesystemKind.magic(LibC.system(), Path.of("/proc"))).isEqualTo(0x9fa0L);
    }

    @Test
    void theLockMethodFollowsTheFilesystemUnlessConfigured() throws IOException {
        assertThat(LockMethod.forFilesystem(FilesystemKind.LOCAL)).isEqualTo(LockMethod.FLOCK);
        assertThat(LockMethod.forFilesystem(FilesystemKind.NFS)).isEqualTo(LockMethod.DOTLOCK_FCNTL);
        assertThat(LockMethod.forFilesystem(FilesystemKind.FUSE)).isEqualTo(LockMethod.DOTLOCK_FCNTL);
        LockMethod.Choice auto = LockMethod.choose(dir, LockMethod.Setting.parse("auto"));
        assertThat(auto.method()).isEqualTo(LockMethod.FLOCK);
        assertThat(auto).hasToString("flock + c-client parse lock (auto: local filesystem)");
        LockMethod.Choice forced = LockMethod.choose(dir, LockMethod.Setting.parse("DotLock"));
        assertThat(forced.method()).isEqualTo(LockMethod.DOTLOCK_FCNTL);
        assertThat(forced.toString()).contains("configured dotlock");
        assertThat(new LockMethod.Choice(LockMethod.FLOCK, FilesystemKind.NFS, LockMethod.Setting.FLOCK).toString())
                .contains("WARNING");
    }

    @Test
    void anUnknownLockMethodSettingNamesTheAcceptedValues() {
        assertThatThrownBy(() -> LockMethod.Setting.parse("fcntl")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fcntl'").hasMessageContaining("auto, flock, dotlock");
    }
}
