package org.unimo.dsl;
public enum Precision { FP32, BF16, FP16 }
