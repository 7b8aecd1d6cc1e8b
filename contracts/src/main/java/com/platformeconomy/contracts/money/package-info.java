/**
 * The money rules of SPEC §2, each once, as small pure functions over integers (tokens) and exact
 * decimals (USD): the developer split ({@link com.platformeconomy.contracts.money.RevenueSplit}),
 * the settlement conversion ({@link com.platformeconomy.contracts.money.Spark}), the payout
 * conversion ({@link com.platformeconomy.contracts.money.PayoutConversion}), any split of a whole
 * ({@link com.platformeconomy.contracts.money.LargestRemainder}) and the 90/9/1 pools
 * ({@link com.platformeconomy.contracts.money.PoolSplit}). Services call these; Lua and SQL get
 * their results (or, for SQL, {@link com.platformeconomy.contracts.money.Spark#sql}) and do no
 * money arithmetic of their own.
 */
package com.platformeconomy.contracts.money;
