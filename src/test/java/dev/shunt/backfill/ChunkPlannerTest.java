package dev.shunt.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPlannerTest {
  @Test
  void anIntegerKeySplitsIntoEqualRangesWhoseLastIsOpen() {
    // keys 1..100 in 4 chunks: (..25], (25..50], (50..75], (75..
    assertEquals(List.of(25L, 50L, 75L), ChunkPlanner.evenSplit(1, 100, 4));
    // an uneven span: ranges of 34, the last one shorter
    assertEquals(List.of(34L, 68L), ChunkPlanner.evenSplit(1, 100, 3));
    assertEquals(List.of(-5L, 6L), ChunkPlanner.evenSplit(-15, 15, 3)); // ranges of 11
  }

  @Test
  void oneChunkOrOneKeyNeedsNoBoundary() {
    assertEquals(List.of(), ChunkPlanner.evenSplit(1, 100, 1));
    assertEquals(List.of(), ChunkPlanner.evenSplit(7, 7, 50));
  }

  @Test
  void moreChunksThanKeysGiveOneKeyPerChunk() {
    assertEquals(List.of(1L, 2L), ChunkPlanner.evenSplit(1, 3, 10));
  }

  @Test
  void aSpanBeyondALongFallsBackToWalkingTheIndex() {
    assertNull(ChunkPlanner.evenSplit(Long.MIN_VALUE, Long.MAX_VALUE, 4));
    List<Long> top = ChunkPlanner.evenSplit(Long.MAX_VALUE - 9, Long.MAX_VALUE, 2);
    assertEquals(List.of(Long.MAX_VALUE - 5), top);
  }

  @Test
  void onlyADenseKeyIsSplitArithmetically() {
    assertTrue(ChunkPlanner.dense(1_000_000, 1, 1_000_000));
    assertTrue(ChunkPlanner.dense(300, 1, 1_000), "gaps of up to three in four keys");
    assertFalse(ChunkPlanner.dense(1_000, 1, 1_000_000_000_000L), "a skewed or sparse key is walked");
    assertFalse(ChunkPlanner.dense(10, Long.MIN_VALUE, Long.MAX_VALUE), "a span beyond a long");
  }
}
